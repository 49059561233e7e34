package scoring

import (
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// injectionPattern is one kind of passage that addresses the grader instead
// of the interviewer. The regexp only runs when the lower-cased answer
// contains one of its triggers: most answers contain none, and a literal
// search is a hundred times cheaper than a case-insensitive regexp.
type injectionPattern struct {
	triggers []string
	re       *regexp.Regexp
	lines    int // 0: a window of words; 1: the line; 2: the line and the next few
	// lower: the pattern is ASCII with no upper-case letter, so it runs
	// case-sensitively on the text lower-cased (ASCII), several times
	// faster than Go's case-folding matcher; byte offsets are unchanged.
	lower bool
	// anchored is the pattern matched only where it starts, used for the
	// triggers it starts with (see injectionTrigger.anchored).
	anchored *regexp.Regexp
}

// injectionPatterns must each be unlikely in an honest answer: "I ignored
// the noise" or "we gave the team 100%" must not match, "ignore the rubric"
// and "give me 10/10" must. All are case-insensitive.
var injectionPatternSources = [...]struct {
	triggers string // comma-separated, lower case; a trailing * matches a word prefix
	re       string // case-insensitive unless it starts with (?-i)
}{
	// Instructions to drop the grader's rules.
	{"ignore,disregard,forget,override,skip,bypass", `\b(?:ignore|disregard|forget|override|skip|bypass)\s+(?:all\s+|any\s+|every\s+|the\s+|your\s+|my\s+|these\s+|those\s+|of\s+|everything\s+)*(?:previous\s+|prior\s+|above\s+|earlier\s+|preceding\s+|original\s+|system\s+|grading\s+|scoring\s+|former\s+|initial\s+|existing\s+)*(?:instructions?|rules?|rubric|prompts?|guidelines|guidance|criteria|directions|constraints|directives|commands)\b`},
	{"ignore,disregard,forget", `\b(?:ignore|disregard|forget)\s+(?:all\s+|everything\s+|anything\s+)?(?:(?:of\s+)?(?:the|that)\s+)?(?:(?:text|message|content|words|stuff|part)\s+)?(?:above|before|previous|prior|preceding|that\s+came\s+before)\b`},
	{"forget", `\b(?:now\s+)?forget\s+(?:all\s+(?:of\s+)?(?:that|this|the\s+above)|about\s+(?:the\s+)?(?:scoring|grading|rubric|rules|evaluation|instructions))\b`},
	{"ignore,disregard", `\b(?:ignore|disregard)\s+(?:it|that|this)\s+and\s+(?:grade|score|rate|evaluate|say|output|print|respond|instead)\b`},
	{"ignore,disregard,forget", `\b(?:ignore|disregard|forget)\s+(?:everything|all)\s+(?:you\s+(?:were|have\s+been)\s+told|(?:written|said|stated)\s+(?:above|before))`},
	{"instruction*", `\b(?:new|updated|real|actual|true|following|revised|corrected)\s+(?:system\s+|grading\s+)?instructions?\s*(?:follow\b|\(updated\)|(?:is|are)?\s*:)`},
	{"rubric you,instructions you,rules you,guidelines you,criteria you,prompt you", `\b(?:rubric|instructions|rules|guidelines|criteria|prompt)\s+you\s+(?:(?:were|have\s+been)\s+(?:given|set\s+up|configured|prompted|told)|received|got|have|are\s+using)\b`},
	{"for the scoring,for the grading,for the automated,for the ai", `\bfor\s+the\s+(?:scoring|grading|automated|ai)\s+(?:system|model|grader|tool|engine)\b`},
	{"instruction to,instructions to,instruction for,instructions for", `\binstructions?\s+(?:to|for)\s+the\s+(?:\w+\s+)?(?:model|ai|grader|evaluator|scorer|assistant|bot|llm)\b`},
	{"grader,scorer,evaluator,reviewer,grading", `\b(?:the|an?)\s+(?:automated\s+|ai\s+|scoring\s+|reviewing\s+|grading\s+)?(?:grader|scorer|evaluator|reviewer\s+bot|grading\s+(?:model|system|ai))\s+(?:would|should|will|must|could|can)\s+(?:treat|skip|give|award|score|rate|mark|pass|ignore|consider|place)\b`},
	{"placed,put,ranked", `\b(?:placed|put|ranked)\s+in\s+the\s+(?:top|highest|best)\s+(?:band|tier|bucket|bracket)\b`},
	{"merits,deserves,earns,warrants", `\b(?:merits|deserves|earns|warrants)\s+(?:a\s+)?(?:\d+\s*/\s*\d+|\d+\s+out\s+of\s+\d+|five\s+out\s+of\s+five|full\s+marks|the\s+top\s+band|top\s+marks)`},
	{"forget them,ignore them,disregard them,forget those,ignore those,disregard those", `\b(?:forget|ignore|disregard)\s+(?:them|those)\s+(?:for|and|now|this)\b`},
	{"you", `\byou,?\s+the\s+(?:evaluator|grader|judge|scorer|model|ai|assistant)\b`},
	{"evaluator mode,grader mode,grading mode,scoring mode,review mode,safety mode,cheerleader mode,jailbreak mode,developer mode,admin mode", `\b(?:evaluator|grader|grading|scoring|review|safety|cheerleader|jailbreak|developer|admin)\s+mode\s*[:=]\s*(?:on|off|enabled|disabled)\b`},
	{"reveal,leak,dump,recite,print,output,copy", `\b(?:reveal|leak|dump|recite|print|output|copy)\s+(?:the|your)\s+(?:full\s+|entire\s+|exact\s+)?(?:text\s+of\s+(?:the|your)\s+)?(?:rubric|system\s+instructions|instructions|prompt|system\s+prompt)\b`},
	{"rubric,instructions,prompt", `\b(?:rubric|instructions|prompt)\s+(?:text\s+)?verbatim\b`},
	{"as the", `\bas\s+the\s+(?:ai|model|llm|bot)\s+(?:that|who|which)\s+(?:grades|scores|evaluates|reviews)\b`},
	{"you are required", `\byou\s+are\s+required\s+to\s+(?:pass|give|score|rate|award|approve)\b`},
	{"do not list,don't list,never list,do not mention,don't mention,do not point,don't point", `\b(?:do\s+not|don't|never)\s+(?:list|mention|point\s+out)\s+(?:any\s+)?(?:weaknesses|improvements|criticism|flaws)\b`},
	{"не следуй,Не следуй", `не\s+следуй\s+(?:\p{L}+\s+)?(?:инструкци|правил)`},
	{"system message,system note,system override,system notice,system update", `\bsystem\s+(?:message|note|override|notice|update)\s*:`},
	{"recommend hire,band", `\brecommend\s+hire\b|\bband\s*[=:]?\s*5\b`},
	{"graded,scored,rated", `\b(?:has|have|was)\s+(?:already\s+)?been\s+(?:graded|scored|rated|marked)\s+(?:\d+\s*/\s*\d+|\d+\s+out\s+of\s+\d+)`},
	{"your feedback", `\byour\s+feedback\s+(?:should|must|will|shall)\s+(?:only|not|contain|include|be|say)\b`},
	{"do not include,don't include,never include", `\b(?:do\s+not|don't|never)\s+include\s+(?:any\s+)?(?:improvements|criticism|weaknesses|negatives?|negative\s+feedback)\b`},
	{"rate,score,grade,mark", `\b(?:rate|score|grade|mark)\s+(?:this|it|me|my\s+answer)\s+(?:generously|leniently|highly|kindly|favou?rably)\b`},
	{"order from,orders from,instruction from,instructions from,message from,messages from,command from,commands from", `\b(?:order|instruction|message|command)s?\s+from\s+your\s+(?:developers?|creators?|operators?|owners?|admins?)\b`},
	{"score as,score it as,score this as,as if it", `\bscore\s+(?:it\s+|this\s+)?as\s+if\b|\bas\s+if\s+it\s+were\s+(?:perfect|flawless|excellent)\b`},
	{"fill in", `\bfill\s+in\s+the\s+blank\b`},
	{"забудь,Забудь", `забудь\s+вс[её]`},
	{"забудь,Забудь,игнорируй,Игнорируй", `(?i)(?:забудь|игнорируй)\s+(?:\p{L}+\s+)?(?:критери|инструкци|правил)`},
	{"ignorez,ignorer,oubliez,oublier,oublie,ignore", `(?i)\b(?:ignorez|ignorer|oubliez|oublier|oublie|ignore)\s+(?:toutes\s+|tous\s+)?(?:les|la|le|vos|tes)\s+(?:critères|criteres|consignes|règles|regles|instructions)\b`},
	// Demands on the feedback, the grader addressed, the rules suspended.
	{"treat", `\btreat\s+(?:the\s+|any\s+|all\s+|my\s+)?(?:weaknesses|flaws|mistakes|gaps|errors|omissions)\b[^.\n]{0,40}?\bas\s+(?:strengths|positives|assets|correct)\b`},
	{"suspended,switched off,turned off,disabled,waived", `\b(?:(?:that|this)\s+part|instructions?|rubric|criteria|scoring\s+rules?|grading\s+rules?)\s+(?:is|are)\s+(?:now\s+)?(?:suspended|switched\s+off|turned\s+off|disabled|waived)\b`},
	{"you can stop,you may stop", `\byou\s+(?:can|may)\s+stop\s+(?:reading|evaluating|grading|scoring)\b`},
	{"the answer,the score,the grade", `\bthe\s+(?:answer|score|grade)\s+is\s+an?\s+(?:5|five|10|ten)\b`},
	{"score for,score of,grade for,grade of,band for,rating for,rating of", `\b(?:score|grade|band|rating)\s+(?:for|of)\s+(?:this|my)\s+(?:answer|response|submission)\s+(?:is|should\s+be|must\s+be|=)\s+(?:an?\s+)?(?:\d|five|ten)`},
	{"evaluation you,feedback you,score you,grade you,review you,assessment you", `\b(?:evaluation|feedback|score|grade|review|assessment)\s+you\s+(?:are\s+about\s+to|will|are\s+going\s+to|were\s+going\s+to)\s+(?:write|give|produce|return)\b`},
	{"pretend the,pretend your,pretend that,imagine the,imagine your,imagine that,assume the,assume your,assume that,suppose the,suppose your,suppose that", `\b(?:pretend|imagine|assume|suppose)\s+(?:that\s+)?(?:the|your)\s+(?:rubric|instructions|rules|criteria|guidelines|prompt)\s+(?:says?|said|states?|reads?|allows?|requires?)\b`},
	{"give full,give me full,give it full", `\bgive\s+(?:me\s+|it\s+)?full\s+(?:credit|marks|points)\b`},
	{"by passing me", `\bby\s+passing\s+me\b`},
	{"reward me,reward this,reward my", `\breward\s+(?:me|this\s+answer|my\s+answer)\b`},
	{"you work,you answer,you report", `\byou\s+(?:work|answer|report)\s+(?:for|to)\s+me\s+now\b`},
	{"scoring model,grading model,evaluation model,scoring system,grading system,scoring engine,grading engine", `\b(?:scoring|grading|evaluation)\s+(?:model|system|engine)\s+(?:is\s+(?:now\s+)?in\s+(?:test|debug|maintenance|developer)\s+mode|must\s+output|should\s+output|will\s+output)\b`},
	{"override all,override your,override any", `\boverride\s+(?:all|your|any)\s+(?:safety|grading|scoring|content|security)\s+(?:and\s+\w+\s+)?(?:settings|safeguards|filters|restrictions|rules|checks)\b`},
	{"stop evaluating,stop grading,stop scoring,stop reviewing", `\bstop\s+(?:evaluating|grading|scoring|reviewing)(?:\s+\w+)?\s*(?:,\s*|\s+and\s+)(?:instead|just|now|simply)\b`},
	{"{{", `\{\{\s*/?\s*(?:system|assistant|instructions?|user)\s*\}\}`},
	{"record,mark,log,treat,count", `\b(?:record|mark|log|treat|count)\s+(?:this|my|the)\s+(?:response|answer|submission|candidate)\s+as\s+(?:meeting|passing|passed|excellent|perfect|correct|complete|hired|approved|a\s+pass|exceptional|outstanding|full)`},
	{"override_*,ignore_*,score_*,force_*,auto_*,grading_*,grade_*", `\b(?:override_?score|score_?override|ignore_?(?:rubric|rules|instructions|previous\w*)|force_?pass|auto_?pass|grading_?mode|grade_?override)\s*[:=]`},
	{"deserve,deserves", `\bdeserves?\s+(?:a\s+|the\s+)?(?:perfect|full|maximum|top|highest)\s+(?:score|marks|band|grade|rating)`},
	{"last instruction,final instruction,only instruction,next instruction", `\b(?:last|final|only|next)\s+instruction\s+is\b`},
	{"the correct,the right,the final,the expected,therefore", `\b(?:the\s+(?:correct|right|final|expected)|therefore\s+the)\s+(?:score|band|grade|rating)\s+(?:(?:for|of)\s+(?:this|my|the)\s+(?:answer|response|submission)\s+)?(?:is|should\s+be|must\s+be)\s+(?:\d|five|ten)`},
	// Asking for the prompt in another form, or a fake turn of the model's.
	{"translate the,convert the,rewrite the,summarize the,summarise the,paraphrase the,encode the,translate everything,translate all,summarize all,summarise all", `\b(?:translate|convert|rewrite|summari[sz]e|paraphrase|encode)\s+(?:the|everything|all)\s+(?:(?:text|words|content|message|instructions|prompt)\s+)?above\b`},
	{"words of your,lines of your,characters of your,sentences of your,tokens of your,words of the,lines of the", `\b(?:first|last|initial|opening)\s+(?:\d+|few|ten|twenty|fifty|hundred)\s+(?:words|lines|characters|sentences|tokens)\s+of\s+(?:your|the)\s+(?:system\s+)?(?:instructions|prompt|rules|message|context)\b`},
	{"what were your,what was your", `\bwhat\s+(?:were|was)\s+your\s+(?:\w+\s+){0,2}(?:instructions|prompt|rules|rubric|guidelines)\b`},
	{"assistant:,assistant :,ai:,chatgpt:,gpt:,bot:,grader:,evaluator:", `\b(?:assistant|ai|chatgpt|gpt|bot|grader|evaluator)\s*:\s*(?:sure|ok(?:ay)?|certainly|of\s+course|yes|access|the\s+(?:score|grade|answer|candidate))\b`},
	{"for the bot,for the ai,for the model,for the grader,for the llm,for the evaluator", `\bfor\s+the\s+(?:bot|ai|model|grader|llm|evaluator)\s*:`},
	{"don't mention,do not mention,never mention", `\b(?:don't|do\s+not|never)\s+mention\s+(?:this|anything\s+about\s+this)\b`},
	{"bump,boost,inflate,raise my", `\b(?:(?:bump|boost|inflate)\s+(?:up\s+)?(?:my|the)|raise\s+my)\s+(?:score|grade|band|marks)\b`},
	{"whoever", `\bwhoever\s+(?:grades|scores|evaluates|reads|marks)\s+this\b`},
	{"ignore what,disregard what,forget what", `\b(?:ignore|disregard|forget)\s+what\s+you(?:'ve|\s+have|\s+were)\s+(?:been\s+)?told\b`},
	{"pre-filled,prefilled,pre filled", `\bpre-?\s?filled\b`},
	{"your first,your last,your only,your final", `\byour\s+(?:first|last|only|final)\s+(?:word|sentence|line|token)s?\s+(?:must|should|will)\s+be\b`},
	{"what does your", `\bwhat\s+does\s+your\s+(?:system\s+)?(?:prompt|instructions|rubric)\s+say\b`},
	{"quote it,quote your", `\bquote\s+(?:it|your\s+(?:prompt|instructions))\b`},
	{"you are,you're", `\byou(?:'re|\s+are)\s+an?\s+(?:\w+\s+){0,2}(?:grader|evaluator|judge|scorer|assistant)\s+now\b`},
	{"score it", `(?:^|[.!?,:;]\s*)score\s+it\b`},
	{"new persona,new identity,new role,new name,new character,new task,new objective,new mission,new directive", `\bnew\s+(?:persona|identity|role|name|character|task|objective|mission|directive)\s*:`},
	{"auto-pass*,autopass*", `\bauto-?pass(?:ed|es)?\b`},
	{"your purpose,your job,your task,your role", `\byour\s+(?:purpose|job|task|role)\s+(?:now\s+)?is\s+to\s+(?:help\s+me|pass|give|praise|approve|say)\b`},
	{"in the voice", `\bin\s+the\s+voice\s+of\b`},
	{"this answer,my answer", `\b(?:this|my)\s+answer\s+(?:scores|gets|deserves|earns)\s+(?:a\s+)?(?:5|five|10|ten|100|full|top|perfect)\b`},
	{"not bound,if you were", `\bnot\s+bound\s+by\s+(?:the|your|any)\s+(?:rubric|rules|instructions|guidelines)`},
	{"skip the,you skip", `\bskip\s+(?:the\s+)?(?:evaluation|grading|scoring|usual\s+checks|critique)\b`},
	{"final instruction,last instruction,priority instruction,highest priority", `\b(?:(?:final|last|priority)\s+instruction|highest[-\s]priority)\s*[,:]`},
	{"mark this,mark my", `\bmark\s+(?:this|my)\s+(?:answer|response)\s+(?:as\s+)?(?:correct|right|passed|complete|excellent|perfect)\b`},
	{"override from,priority override", `\boverride\s+from\s+(?:the\s+)?(?:administrator|admin|developers?|operator|system)\b|(?-i:\bPRIORITY OVERRIDE\b)`},
	{"candidate approved", `\bcandidate\s+approved\b`},
	{"ignore the fact", `\bignore\s+the\s+fact\s+that\s+(?:this|my)\s+(?:answer|response)\b`},
	{"length requirement*,word requirement*,scoring requirement*,grading requirement*", `\b(?:length|word|scoring|grading)\s+requirements?\s+(?:were|was|have\s+been|has\s+been)\s+(?:removed|lifted|dropped|waived)\b`},
	{"do not apply,don't apply,never apply", `\b(?:do\s+not|don't|never)\s+apply\s+(?:the\s+)?(?:usual\s+)?(?:deductions|penalties|rubric|rules)\b`},
	{"grade this,score this,rate this,grade it,score it,rate it,grade me,score me,rate me", `\b(?:grade|score|rate)\s+(?:this|it|me)\s+(?:like|as\s+if|as\s+though)\b`},
	{"replace your", `\breplace\s+your\s+(?:evaluation|feedback|answer|response|output|score)\s+with\b`},
	{"secret code,secret password,secret phrase,secret word,secret key", `\bsecret\s+(?:code|password|phrase|word|key)\s+in\s+your\b`},
	{"start of your,beginning of your", `\b(?:start|beginning)\s+of\s+your\s+(?:context|prompt|instructions|conversation)\b`},
	{"reproduce,repeat,print,output,copy,recite", `\b(?:reproduce|repeat|print|output|copy|recite)\b[^.\n]{0,60}\bverbatim\b`},
	{"never deduct*", `\bnever\s+deducts?\s+(?:any\s+)?(?:points|marks)\b`},
	{"this answer,my answer,this response,my response,this submission", `\b(?:this|my)\s+(?:answer|response|submission)\s+(?:must|should|shall)\s+not\s+be\b`},
	{"rubric", `\brubric\s+(?:no\s+longer\s+appl(?:y|ies)|(?:is|was)\s+(?:now\s+)?(?:outdated|obsolete|void|disabled|suspended|cancel+ed|deprecated|a\s+draft))`},
	{"your", `\byour\s+(?:instructions|rules|rubric)\s+(?:no\s+longer\s+appl(?:y|ies)|(?:are|were)\s+(?:now\s+)?(?:outdated|obsolete|void|disabled|cancel+ed|wrong))`},
	{"what were,what instructions,what rules,what prompt", `\bwhat\s+(?:were\s+you\s+told\b|(?:instructions|rules|prompt)\s+(?:you\s+have|you\s+were\s+given|were\s+you\s+given|do\s+you\s+have))`},
	{"your instructions,your system,your prompt,your pre,your configuration,your rules,your guidelines,your rubric,your criteria,your weights,your secret,your hidden,your original,your initial,your exact,your full", `\b(?:repeat|print|show|write|tell|list|reveal|output|summari[sz]e|spell|give|translate|recite|share|paste|dump|reply\s+with)\b[^.\n]{0,60}?\byour\s+(?:secret\s+|hidden\s+|original\s+|initial\s+|exact\s+|full\s+)?(?:instructions|system\s+(?:prompt|message)|prompt|pre-?prompt|configuration|rules|guidelines|rubric|criteria|weights)\b`},
	{"hidden,secret", `\bthe\s+(?:hidden|secret)\s+(?:instructions|criteria|rubric|prompt|rules)\b`},
	{"instruction*", `\binstructions?\s+(?:have|has)\s+changed\b`},
	{"keep your", `\bkeep\s+your\s+(?:previous\s+)?instructions\b`},
	{"new rule,new policy,new rubric,updated rule,updated policy,updated rubric", `\b(?:new|updated)\s+(?:rule|policy|rubric)\s*:`},
	{"previous rubric,prior rubric,above rubric,previous instruction,prior instruction,above instruction,previous rules,prior rules,above rules", `\b(?:previous|prior|above)\s+(?:rubric|instructions?|rules)\s+(?:is|are)\s+(?:void|invalid|cancel+ed|deprecated|obsolete|revoked)`},
	{"rubric", `\brubric\s+has\s+been\s+(?:deprecated|removed|replaced|updated|revoked|disabled)`},
	{"instruction*", `\b(?:this|the\s+following)\s+instruction\s+(?:overrides|replaces|supersedes)\b`},
	// Asking for a score.
	{"give,award,assign,grant,adjust", `\b(?:give|award|assign|grant|adjust)\s+(?:me|this(?:\s+(?:answer|response|candidate|one))?|the\s+(?:answer|response|candidate)|it|him|her|them|every\s+criterion)\s+(?:up\s+to\s+|a\s+|an\s+|the\s+)?(?:score\s+of\s+|rating\s+of\s+|grade\s+of\s+|note\s+of\s+)?(?:\d+\s*/\s*\d+|\d+\s+out\s+of\s+\d+|\d\b|full\s+(?:marks|points|score)|perfect\s+(?:score|rating|grade|marks?)|top\s+(?:score|marks|rating|band|grade)|max(?:imum)?\s+(?:score|points|marks|band)|highest\s+(?:score|rating|grade|band)|(?:5|five)\s+stars?)`},
	{"give,award,assign", `\b(?:give|award|assign)\s+(?:me|this|it|this\s+answer)\s+an?\s+(?:5|five|10|ten)(?:\s*(?:/\s*\d+|out\s+of\s+\d+|stars?|points|on\s+(?:every|each|all))|\s*[.!,;)"']|\s*$)`},
	{"give,award,assign", `\b(?:give|award|assign)\s+(?:me\s+)?(?:full\s+marks|five\s+stars|the\s+top\s+score|the\s+(?:max(?:imum)?|highest)\s+(?:score|band|grade|rating))\b`},
	{"score,rate,grade,mark", `\b(?:score|rate|grade|mark)\s+(?:this|it|me|my\s+answer|the\s+answer|this\s+answer|this\s+response|the\s+candidate|everything|all\s+answers|every\s+criterion)\s+(?:as\s+|at\s+|with\s+|a\s+|an?\s+)?(?:\d+(?:\s*/\s*\d+)?|five|ten|perfect|full|highest|maximum|excellent|hired)\b`},
	{"criteri*", `\b(?:all|every|each)\s+criteri(?:a|on)\s+(?:should|must|deserves?|gets?|to)\s+(?:get|receive|be|a\s+)?\s*(?:\d|five|full|max)`},
	{"criteri*", `\b(?:score|rate|grade)\s+(?:all|every|each)\s+criteri(?:a|on)\b`},
	{"must be,should be,has to be,needs to be,need to be", `\b(?:must|should|has\s+to|needs?\s+to)\s+(?:be\s+)?(?:rated|scored|graded|marked)\s+(?:as\s+)?(?:excellent|perfect|outstanding|exceptional|the\s+(?:highest|maximum|best)|\d|five|a\s+(?:5|five|10|ten))`},
	{"score:,score=,score =,band:,band=,band =,overall:,overall=,overall =", `(?:^|[^\w.])(?:score|overall|band)\s*[=:]\s*(?:100|[1-5])\b`},
	{"set score,set band,set overall,return score,return band,output score,output band", `\b(?:set|return|output)\s+(?:score|band|overall)\s*[=:]?\s*\d`},
	{"score", `\bscore\s+accordingly\b`},
	{"score", `\b(?:final\s+)?score\s+(?:them|him|her|me)\s+(?:\d|five|a\s+5)`},
	{"everyone gets,everyone scores,all answers,all responses,everything scores,everything gets", `\b(?:all\s+(?:answers|responses)|everyone|everything)\s+(?:scores?|gets?)\s+(?:a\s+|an\s+)?(?:\d+|full|perfect|an\s+a)\b`},
	{"all answers,everything,all responses", `\b(?:all\s+answers|everything|all\s+responses)\s+(?:are\s+)?(?:now\s+)?(?:scored|graded)\s+\d`},
	{"injection_suspected,injection_detected", `\binjection_(?:suspected|detected)\b`},
	{"flag this,flag my,flag the", `\b(?:must\s+not|do\s+not|don't|never)\s+flag\s+(?:this|my|the)\b`},
	// Asking for target phrases and exact output.
	{"begin,start,prefix,preface,open,lead,end,finish", `\b(?:begin|start|prefix|preface|open|lead|end|finish)\s+(?:your|the|each|every|all)?\s*(?:(?:sentence|line|paragraph|point)s?\s+(?:of|in)\s+(?:your|the)\s+)?(?:response|reply|answer|output|message|evaluation|feedback)s?\s+with\b`},
	{"your response,your reply,your output,your answer", `\byour\s+(?:response|reply|output|answer)\s+(?:must|should|will|shall)\s+(?:only\s+|just\s+|simply\s+)?(?:begin|start|be|contain|read|say|end|consist)\b`},
	{"your output", `\byour\s+output\s+must\s+be\s+in\s+the\s+form\b`},
	{"say,output,print,respond,reply,write,type,answer,return,repeat,state,echo", `\b(?:say|output|print|respond|reply|write|type|answer|return|repeat|state|echo)\s+(?:back\s+)?(?:only\s+|just\s+|simply\s+)?(?:with\s+)?(?:nothing\s+but\b|(?:exactly|only|verbatim|precisely)(?:\s*[:"'“‘«\[(]|\s+(?:the\s+(?:single\s+)?(?:words?|phrase|following|text|string|sentence|number)|this|these|one\s+word|access|granted|yes|pass|ok)\b)|the\s+exact\s+(?:phrase|words?|text|sentence)\b|the\s+(?:single\s+)?(?:word|phrase|sentence)\b|the\s+words\b|one\s+word\b|the\s+following(?:\s+text)?\s*(?::|verbatim|exactly))`},
	{"repeat", `\brepeat\s+after\s+me\b`},
	{"respond,reply,answer", `\b(?:respond|reply|answer)\s+(?:only\s+)?with\s+["'“‘«\[]`},
	{"only,valid,correct", `\b(?:only\s+valid|correct)\s+(?:reply|response|output|answer)\s+(?:is|to)\b`},
	{"granted", `(?-i)\b(?:Access\s*-?\s*Granted|ACCESS\s*-?\s*GRANTED)\b`},
	{"granted", `["'“‘«\[(]\s*access\s*-?\s*granted|\b(?:say|print|output|respond|reply|write|type|answer|begin|start|prefix|append|include|phrase|words?)\b[^.\n]{0,40}access\s*-?\s*granted`},
	{"granted", `\bgranted\b["'”’]?\s*(?:\.|,)?\s*(?:nothing\s+(?:more|else)|that\s+is\s+the\s+whole)`},
	{"grant", `\bgrant\s+(?:me\s+)?access\b`},
	{"append,add,include", `\b(?:append|add|include)\s+(?:the\s+(?:sentence|phrase|words?)\s+)?["'“‘]`},
	{"complete", `\bcomplete\s+the\s+sentence\b`},
	{"convert,decode,translate", `\b(?:convert|decode|translate)\s+(?:this|the\s+following|from|it|and)\b[^.\n]{0,40}\b(?:obey|follow|output|execute|instructions?|ascii|uppercase|base64)\b`},
	{"obey", `\bobey\s+(?:it|them|this|these|me)\b`},
	// Re-casting the judge.
	{"you are,you're", `\byou(?:'re|\s+are)\s+now\s+(?:a|an|in|my|called|named|known|going|dan|free|unrestricted|no\s+longer|the\s+(?:grader|judge|evaluator|scorer|hiring|interviewer|ai|model|assistant|committee|boss|system)|(?-i:[A-Z][\w-]+))\b`},
	{"you are,you're", `\byou(?:'re|\s+are)\s+an?\s+(?:\w+\s+){0,2}(?:grader|evaluator|judge|scorer)\s+(?:that|who|which)\b`},
	{"you are,you're", `\byou(?:'re|\s+are)\s+an?\s+(?:ai|llm|language\s+model|model|bot)\s+(?:reading|grading|evaluating|scoring|processing)\b`},
	{"attention", `\battention\s*,?\s*(?:the\s+)?(?:ai|llm|gpt|chatgpt|grader|judge|evaluator|scorer|assistant)\s*[:,!]|\battention\s*[:,!]\s*(?:the\s+)?(?:ai|llm|gpt|grader|grading\s+model|judge|evaluator|scorer|assistant|model)\b`},
	{"you are,you're", `\byou(?:'re|\s+are)\s+(?:no\s+longer|not)\s+(?:a|an|the)\s+(?:grader|judge|evaluator|interviewer|assistant|ai|model)\b`},
	{"you are,you're", `\byou(?:'re|\s+are)\s+no\s+longer\s+(?:a|an|the|bound|restricted)\b`},
	{"you will,you must,you shall", `\byou\s+(?:will|must|shall)\s+now\b`},
	{"you will,you must,you shall", `\byou\s+(?:will|must|shall)\s+(?:henceforth\s+|now\s+|always\s+)?(?:only\s+)?(?:respond|reply|output|say|print|rate|score|grade|play\s+the\s+role)\b`},
	{"you are,you're", `\byou(?:'re|\s+are)\s+(?:dan|an?\s+(?:ai|model|grader|evaluator|assistant|chatbot|language\s+model)\s+(?:that|who|which|with(?:out)?)\s+(?:always|never|has\s+no|no))`},
	{"you are,you're", `\byou(?:'re|\s+are)\s+(?:my|a)\s+(?:friend|fan|biggest\s+fan|grandma|grandmother)\s+who\b`},
	{"you have no", `\byou\s+have\s+no\s+(?:scoring\s+)?(?:rules|restrictions|rubric|limits)\b`},
	{"imagine", `\bimagine\s+(?:that\s+)?you(?:'re|\s+are)\s+(?:an?|the|my)\s+(?:\w+\s+){0,2}(?:grader|evaluator|judge|ai|model|assistant|professor|examiner|mentor|friend|fan|coach|boss)\b`},
	{"from now on,from here on,from this point,from this message,from this moment", `\bfrom\s+(?:now|here|this\s+(?:point|message|moment))\s+(?:on|forward|onwards?)\b,?\s+(?:you|your|the\s+only\s+(?:valid\s+)?(?:reply|response|output|answer))\b`},
	{"henceforth", `\bhenceforth\b,?\s+you\b`},
	{"roleplay", `\broleplay\s+time\b`},
	{"you play", `(?-i)\b[Yy]ou\s+play\s+(?:the\s+role\s+of|as\b|[A-Z]\w+)`},
	{"assume the,adopt the,take on the", `\b(?:assume|adopt|take\s+on)\s+the\s+(?:role|persona|identity)\s+of\b`},
	{"to test you", `\bto\s+test\s+you\b`},
	{"declare", `\bdeclare\s+(?:me|this\s+(?:answer|candidate)|the\s+candidate)\s+(?:the\s+)?(?:winner|hired|passed)\b`},
	{"output \",output ',print \",print ',type \",type ',output “,print “,output ‘,print ‘", `\b(?:output|print|type)\s+["'“‘][^"'”’\n]{1,40}["'”’]`},
	{"and nothing else,and nothing more,with nothing else", `["'”’»)\]]\s*,?\s*(?:and|with)\s+nothing\s+(?:else|more)\b|\b(?:say|output|print|respond|reply|write|type|answer|return|repeat|state|echo)\b[^.\n]{0,60}?\b(?:and|with)\s+nothing\s+(?:else|more)\b`},
	{"i have been", `\bi\s+have\s+been\s+pwned\b`},
	{"answer in,reply in,respond in", `\b(?:answer|reply|respond)\s+in\s+one\s+word\b`},
	{"that word", `\bthat\s+word\s+is\b`},
	{"just put,just give,just write,just mark", `\bjust\s+(?:put|give|write|mark)\s+(?:it\s+|me\s+)?(?:a\s+)?(?:5|five|10|100|full)\b`},
	{"issue full,issue me,issue the,award full,award me,award the", `\b(?:issue|award)\s+(?:me\s+)?(?:full\s+marks|five\s+stars|the\s+(?:top|maximum|highest)\s+(?:score|band|marks))\b`},
	{"override code", `\boverride\s+code\b`},
	{"deduct", `\bdeduct\s+(?:any\s+)?(?:points|marks)\s+from\s+(?:this|my|me|the\s+candidate)\b`},
	{"everything above,everything before,everything i,all above,all before,all i", `\b(?:everything|all)\s+(?:i\s+(?:wrote|said)\s+)?(?:above|before)(?:\s+this(?:\s+line)?)?\s+was\s+(?:just\s+|only\s+)?(?:a\s+|an\s+)?(?:test|joke|fake|accident|mistake|placeholder)\b`},
	{"that was just", `\bthat\s+was\s+just\s+a\s+(?:\w+\s+)?(?:joke|test)\b`},
	{"the real", `\bthe\s+real\s+(?:answer|response)\s*(?:is\b|follows\b|:)`},
	{"grader,evaluator,judge,scorer", `\b(?:grader|evaluator|judge|scorer)\s+(?:should|must|will|shall|needs\s+to)\s+(?:stop|ignore|give|award|score|rate|mark|pass|output|say)\b`},
	{"oublie,oubliez", `\boubli(?:e|ez)\s+tout\b`},
	{"réponds,répondez,reponds,repondez", `\br[ée]pond(?:s|ez)\s+(?:seulement|uniquement)`},
	{"\"role\"", `"role"\s*:\s*"(?:system|assistant|developer)"`},
	{"<im_,<|im_", `<\|?im_(?:start|end)\|?>`},
	{"```", "```\\s*(?:system|assistant|instructions?)\\b"},
	{"switch,enter,enable,activate", `\b(?:switch\s+to|enter|enable|activate)\s+(?:developer|admin|god|debug|jailbreak|dan|maintenance)\s+mode\b`},
	{"mode", `\b(?:in|is\s+in)\s+(?:developer|admin|god|jailbreak|dan|maintenance)\s+mode\b`},
	{"your new,your real,your true,your only,your actual", `\byour\s+(?:new|real|true|only|actual)\s+(?:task|role|job|goal|purpose|instructions?|mission|objective|persona|name|identity)\s+(?:now\s+)?(?:is|are|will\s+be)\b`},
	{"roleplay,role-play,role play,let's,lets", `\b(?:role-?\s?play(?:ing)?\s*(?:as\b|:)|let'?s\s+(?:role-?\s?play|play\s+a\s+game|pretend))`},
	{"play the role,play a game", `(?:^|[.!?:;\n]\s*|\b(?:you\s+(?:will\s+|must\s+|should\s+|now\s+)?|now\s+|please\s+))play\s+(?:the\s+role|a\s+game)\b`},
	{"grader,evaluator,scorer", `\bas\s+(?:the|an?)\s+(?:ai\s+|llm\s+)?(?:grader|evaluator|scorer)\b`},
	{"pretend*", `(?:^|[.!?:;,\n(]\s*|\b(?:please|now|just|and|should|must|will|can|could)\s+)pretend\s+(?:to\s+be|you(?:'re|\s+are)|that\s+you|you\s+have|(?:this|that|the|my)\s+(?:answer|response|text|candidate))\b`},
	{"act,acting", `\b(?:act|acting)\s+(?:as|like)\s+(?:the|an?)\s+(?:grader|judge|evaluator|scorer|ai|llm|assistant)\b`},
	{"act", `(?:^|[.!?:;\n(]\s*|\b(?:please|now|just|you\s+(?:will|must|should))\s+)act\s+as\s+(?:if\s+)?(?:my|an?|the)\b`},
	{"dear,hey,hi,hello,note", `\b(?:dear|hey|hi|hello|note\s+(?:to|for)(?:\s+the)?)\s+(?:\w+\s+)?(?:reviewer|ai|llm|gpt|chatgpt|claude|model|grader|judge|evaluator|scorer|assistant|language\s+model|bot)\b`},
	{"to the ai,to the grader,to the evaluator,to the model,to the llm,to the language,to the judge,to the scorer,to the assistant", `\bto\s+the\s+(?:ai|llm|model|grader|judge|evaluator|scorer|assistant|language\s+model)\s*(?:[:,!]|reading\b|who\s+(?:is\s+)?(?:reads|reading|grades|grading))`},
	{"ai,llm,gpt,chatgpt,model,grader,judge,evaluator,scorer,assistant", `\b(?:ai|llm|gpt|chatgpt|model|grader|judge|evaluator|scorer|assistant)\s*[,:!]\s*(?:please\s+|quick\s+\w+\s*:?\s*)?(?:ignore|disregard|give|score|rate|mark|award|output|respond|reply|treat|grade|the\s+interviewer|quick|reminder|grade|from\s+(?:now|this|here)|note|skip|consider|remember|make|set|put|pass|approve|list|include|print)\b`},
	{"developer", `\bdeveloper\s+(?:prompt|message)\b`},
	{"sudo", `(?:^|\n)\s*sudo\s+(?:give|grant|set|score|rate|make|let)\b`},
	{"administrator,admin", `\bi\s+am\s+(?:the|an|your)\s+(?:administrator|admin|developer|operator|owner)\s+of\b`},
	{"administrator,admin,operator,developers,hiring", `\b(?:instruction|update|message|note)s?\s+from\s+(?:the\s+)?(?:platform\s+operator|developers?|administrator|admin|hiring\s+(?:team|manager|committee))\b`},
	{"approved", `\b(?:candidate|answer|response|submission)\s+(?:is|was|has\s+been|had\s+been)\s+(?:pre-?approved|already\s+approved)\b|\b(?:pre-?approved|already\s+approved)\s+(?:this|the|my)\s+(?:answer|response|submission|candidate)\b|\bpre-?approved\s+by\b`},
	{"policy", `\b(?:per|against)\s+(?:the\s+)?(?:updated\s+|company\s+|new\s+)?policy\b`},
	// Cancelling the answer so far.
	{"above,preceding,the previous,everything,all of the,all the", `\b(?:the|everything|all(?:\s+of)?(?:\s+the)?)\s*(?:text|message|answer|content|instructions?|line|paragraph|section|part)?\s*(?:above|previous|preceding|before\s+this)(?:\s+(?:text|message|content|line|paragraph|section|part))?\s+(?:is|was|were)\s+(?:just\s+|only\s+|merely\s+)?(?:a\s+|an\s+)?(?:test|joke|fake|lie|prank|sample|placeholder|filler|irrelevant|not\s+real|example|mistake|trusted)\b`},
	{"above,preceding,previous", `\b(?:text|content|message)\s+(?:above|preceding\s+this(?:\s+line)?)\s+(?:is|was)\s+(?:a\s+)?(?:sample|placeholder|test|trusted)`},
	{"real,actual", `\bthe\s+(?:real|actual)\s+answer\s+is\s*:`},
	{"do not,don't,dont,never,must not", `\b(?:do\s+not|don't|dont|never|must\s+not)\s+(?:score|grade|evaluate|rate|judge|assess|penali[sz]e|mark\s+(?:\w+\s+)?down|deduct)\s+(?:this|my|me|the\s+(?:answer|response|text|above|candidate)|anything|him|her|them)\b`},
	{"rest", `\bthe\s+rest\s+of\s+this\s+(?:message|text|answer)\s+is\s+from\b`},
	{"concludes,end", `\b(?:that\s+concludes\s+my\s+answer|this\s+is\s+the\s+end\s+of\s+(?:the|my)\s+(?:candidate'?s?\s+)?answer)\b`},
	// Asking for the prompt.
	{"output,print,reveal,show,display,repeat,tell,give,write,leak,dump,list,recite,spell,summari*,translate", `\b(?:output|print|reveal|show|display|repeat|tell\s+me|give\s+me|write\s+out|leak|dump|list|recite|spell\s+out|summari[sz]e|translate|what\s+(?:is|are|were))\s+(?:me\s+)?(?:all\s+(?:of\s+)?)?(?:the\s+|your\s+)(?:full\s+|entire\s+|original\s+|exact\s+|hidden\s+|secret\s+|initial\s+|previous\s+|above\s+)*(?:system\s+prompt|prompt|pre-?prompt|instructions|password|access\s+code|rules|hidden\s+rubric|grading\s+criteria)\b`},
	{"instructions", `\b(?:instructions|rules)\s+(?:you\s+were\s+given|so\s+far|above)\b`},
	{"repeat", `\brepeat\s+(?:all\s+|back\s+)?(?:of\s+)?(?:the\s+)?(?:words|text|everything|instructions|prompt|sentences?|lines?|message)\s+(?:above|before|prior|preceding|so\s+far|from)`},
	{"repeat", `\brepeat\s+(?:the\s+)?(?:above|everything)\b`},
	{"what is,tell me,give me,reveal,say,print,output", `\b(?:what\s+is|tell\s+me|give\s+me|reveal|say|print|output)\s+(?:the|your)\s+(?:secret\s+|hidden\s+)?(?:password|access\s+code|secret\s+code|passcode)\b`},
	{"password", `\b(?:the\s+)?password\s+(?:is|was)\s+(?:entered\s+correctly|correct\b|["'“‘])`},
	{"contains your,including your,include your", `\b(?:contains|including|include)\s+your\s+(?:entire|full|whole)?\s*(?:pre-?prompt|prompt|instructions)\b`},
	{"your initial", `\byour\s+initial\s+instructions\b`},
	// Foreign-language "ignore the instructions" and friends.
	{"ignor*,oubli*,olvid*,esque*,dimentic*,vergiss,vergessen,missacht*", `\b(?:ignor(?:e|ez|er|a|ar|ate|en|iere|ieren|ier)|oubli(?:e|ez|er)|olvid(?:a|e|en|ar)|esque(?:ça|ca|cer)|dimentic(?:a|ate|are)|vergiss|vergessen\s+sie|missachte|missachten)\s+(?:\S+\s+){0,4}?\p{L}*?(?:instructions?|consignes?|règles|regles|directives|grille|barème|bareme|rúbrica|rubrica|instrucci(?:ones|ón|on)|reglas|pautas|criterios|normas|indicaciones|instruç(?:ões|ão)|instrucoes|regras|istruzion[ei]|regole|anweisung(?:en)?|instruktionen|regeln|befehle|vorgaben|schema|kriterien)`},
	{"instructions,instrucciones,instruções,istruzioni,anweisungen", `\b(?:instructions\s+(?:précédentes|precedentes|antérieures)|instrucciones\s+(?:anteriores|previas)|instruções\s+anteriores|istruzioni\s+precedenti|(?:vorherigen|bisherigen|vorigen|obigen)\s+anweisungen)`},
	{"tengas,hagas,tiens,tenez", `\bno\s+(?:tengas|tenga|hagas)\s+(?:en\s+cuenta|caso)\b|\bne\s+(?:tiens|tenez)\s+pas\s+compte\b`},
	{"vous,tu,eres,você,voce,sei,du", `\b(?:vous\s+êtes\s+maintenant|tu\s+es\s+maintenant|ahora\s+eres|eres\s+un\s+evaluador|agora\s+você\s+é|ora\s+sei|du\s+bist\s+jetzt)\b`},
	{"a partir de ahora,ab jetzt", `\b(?:a\s+partir\s+de\s+ahora|ab\s+jetzt)\b`},
	{"acceso,accès,acces,accesso,zugang,zugriff,acesso", `\b(?:acceso\s+concedido|acc[eè]s\s+(?:autorisé|accordé)|accesso\s+(?:consentito|garantito)|zugang\s+gewährt|zugriff\s+gewährt|acesso\s+concedido)`},
	{"忽,无,無,忘,不要", `(?:忽略|无视|無視|忽视|忘记|忘掉|不要理会|不要管|请无视|請無視)[^。！\n]{0,16}(?:指令|指示|说明|說明|规则|規則|提示|命令|要求|设定|設定|标准|準則|准则|细则|評分|评分)`},
	{"指示,命令,指令,ルール,プロンプト", `(?:指示|命令|指令|ルール|ルール|プロンプト)[^。\n]{0,6}(?:無視|忘れ)`},
	{"игнор,Игнор,ИГНОР,забуд,Забуд,ЗАБУД,не обращай,Не обращай", `(?:игнорир\p{L}*|забуд\p{L}*|не\s+обращай\s+внимания\s+на)\s+(?:\p{L}+\s+){0,3}?(?:инструкци\p{L}*|правил\p{L}*|указани\p{L}*|промпт\p{L}*|команд\p{L}*)`},
	{"системн,Системн", `системн\p{L}*\s+промпт`},
	{"무시", `무시`},
	// Encoded: rot13 and reversed keywords.
	{"vtaber,qvfertneq,cerivbhf,vafgehpgvba*,npprff,tenagrq,cnffjbeq,flfgrz,cebzcg,ehoevp,fpber,nafjre,shyy,znexf,tvir,lbh,gur,naq,fnl,guvf,nobir", `\b(?:vtaber|qvfertneq|cerivbhf|vafgehpgvbaf?|npprff|tenagrq|cnffjbeq|flfgrz|cebzcg|ehoevp|fpber|nafjre|shyy|znexf|tvir|lbh|gur|naq|fnl|guvf|nobir)\b[^.\n]{0,40}?\b(?:vtaber|qvfertneq|cerivbhf|vafgehpgvbaf?|npprff|tenagrq|cnffjbeq|flfgrz|cebzcg|ehoevp|fpber|nafjre|shyy|znexf|tvir|lbh|gur|naq|fnl|guvf|nobir)\b`},
	{"erongi,snoitcurtsni,suoiverp,detnarg,ssecca,tpmorp,drowssap,dragersid", `\b(?:erongi|snoitcurtsni|suoiverp|detnarg|ssecca|tpmorp|drowssap|dragersid)\b`},
	// Fake delimiters and markup from chat templates.
	{"<<<", `<<<`},
	{"%%%", `%{3,}`},
	{"end,begin,endanswer*,end_answer*,beginanswer*,begin_answer*", `\b(?:end|begin)[-_ ]?answer\b`},
	{"<", `</?\s*(?:system|assistant|developer|instructions?|prompt|admin)\s*>`},
	{"<", `</\s*(?:answer|user|input|response|candidate|user_input|text)\s*>`},
	{"<", `</?\s*[a-z]+_?(?:answer|input|prompt|instructions?|note)\b[^<>\n]{0,20}>|</?\s*(?:grader|evaluator|candidate|user|system|admin)_?[a-z]*\s*>`},
	{"<|", `<\|[a-z_]+\|>`},
	{"inst]", `\[/?inst\]`},
	{"sys", `<<\s*/?\s*sys\s*>>`},
	{"<<", `<<\s*(?:end|start|begin)[\w ]{0,40}>>`},
	{"[new,[input,[user input", `\[+\s*(?:new\s+(?:system|instructions?|prompt|rules|task)|(?:user\s+)?input\s+(?:ends|starts|begins))`},
	{"[system,[admin,[developer,[assistant,[instruction,[end,[begin,[start,[override,[inst,[sys,[user,[stop,[[,[ ", `\[+\s*(?:system|admin|developer|assistant|instructions?|end|begin|start|override|inst|sys|user|stop)(?:[\s_](?:\w+)){0,3}\s*\]+`},
	{"#", `(?m)^\s*#{1,}\s*(?:system|instructions?|response|new\s+rules|end|begin|admin|developer|assistant|user|override)(?:\s+(?:prompt|message|input|instructions?|note|override|mode|user\s+input|of\s+\w+))?\s*(?:[:#\]]|$)`},
	{"system,assistant,developer,admin", `(?m)^\s*\W{0,3}\s*(?:system|assistant|developer|admin)\s*(?:note|message|override)?\s*\W{0,3}\s*:`},
	{"---,===,###,***,~~~,%%%,<<<,>>>,[[[,]]],{{{,}}},|||,___,+++", `(?m)[-=#*~%<>\[\]{}|_+]{3,}\s*(?:end|begin|start|stop|system|admin|override)\b[^\n]{0,60}?(?:[-=#*~%<>\[\]{}|_+]{2,}|$)`},
	{"---,===,###,***,~~~", `(?m)^\s*[-=#*~]{3,}\s*(?:important|urgent|new|update)\b`},
	{"end,begin,start,stop", `(?-i)\b(?:END|BEGIN|START|STOP)\s+(?:OF\s+)?(?:THE\s+)?(?:USER\s+|CANDIDATE\s+|SYSTEM\s+|ADMIN\s+|TRUSTED\s+|UNTRUSTED\s+|GRADER\s+)?(?:INPUT|INSTRUCTIONS?|PROMPT|TEXT|ANSWER|TRANSCRIPT|MESSAGE|CONVERSATION|OVERRIDE|DATA|CONTEXT)\b`},
	{"end,beginning,start", `\b(?:end|beginning|start)\s+of\s+(?:the\s+)?(?:user|candidate|untrusted|grader|evaluator)\s+(?:input|text|answer|message|data|notes?|instructions)\b`},
	{"end", `\bend\s+of\s+(?:the\s+)?(?:prompt|instructions|transcript)\s*(?:[-=#*~%\]]|$)`},
	// Fake dialogue turns.
	{"user,human", `(?m)^\s*\[?(?:user|human)\]?\s*:[^\n]*\n(?:[^\n]*\n){0,3}?\s*\[?(?:assistant|ai|bot|gpt|chatgpt|model|system|grader)\]?\s*:`},
	{"interviewer,candidate,q", `(?m)^\s*(?:interviewer|candidate|q)\s*:[^\n]*\n(?:[^\n]*\n){0,3}?\s*(?:grader|system|evaluator|a|assistant)\s*(?:\([^)\n]{0,20}\)\s*)?:[^\n]*(?:\d|hired|score|perfect|max)`},
	// Fake JSON replies.
	{"{", `\{\s*"?(?:score|overall|band|rubric|injection_detected|feedback|criteri(?:a|on))"?\s*:`},
	{"\"score,\"overall,\"band", `"(?:score|overall|band)"\s*:\s*\d`},
	// Pleading, bribing and pressure aimed at the grader.
	{"nobody,no one", `\b(?:nobody|no\s+one)\s+will\s+(?:know|find\s+out|notice)\b`},
	{"just this once", `\bjust\s+this\s+once\b[^.\n]{0,60}\b(?:score|marks|grade|rating|pass)`},
	{"the word", `\bthe\s+word\s+["'“]?\w+["'”]?\s+means\s+["'“]?\w+`},
	{"whenever", `\bwhenever\s+you\s+see\b`},
	{"if the user,if the input,if the password,if the answer,if the text,if user,if input,if password", `\bif\s+(?:the\s+)?(?:user|input|password|answer|text)\s+(?:says|is|contains|matches|types)\b[^\n]{0,80}?\b(?:respond|reply|say|output|print)\b`},
	{"if you understand,if you agree,if you are", `\bif\s+you\s+(?:understand|agree|are\s+(?:an?\s+)?(?:ai|model|llm))\b[^\n]{0,40}?\b(?:say|reply|respond|output|print|type)\b`},
	{"go easy", `\bgo\s+easy\s+on\s+me\b`},
	{"authentication,command", `\b(?:authentication|command)\s*:\s*\S`},
	{"reminder,remember", `\b(?:quick\s+reminder|remember)\s+that\s+(?:candidates|this\s+candidate|the\s+candidate)\b[^.\n]{0,80}\b(?:score|5|five|full|pass)`},
	{"proceed", `\bto\s+proceed\s+to\s+the\s+next\s+stage\b`},
	{"committee", `\bcommittee\s+(?:always|never)\b`},
	{"what score,what rating,what grade", `\bwhat\s+(?:score|rating|grade)\s+(?:would|does|will)\s+(?:you|the\s+answer|this)\b`},
	{"on a scale of", `\bon\s+a\s+scale\s+of\s+1\s+to\s+(?:5|10)\b[^.\n]{0,40}\bthis\s+is\s+a\b`},
	{"instead", `\binstead\s+of\s+(?:judging|grading|scoring|evaluating)\b`},
	{"maintenance", `\bmaintenance\s+mode\b`},
	{"correct", `\bcorrect\s+answer\s+detected\b`},
	{"stop", `\bstop\s*[.!]\s*new\s+instructions\b`},
	{"language,reading,ai,llm,model,bot,grader,evaluator", `\b(?:language\s+model|ai|llm|model|bot|grader|evaluator)\s+reading\s+this\b`},
}

var injectionPatterns = func() []injectionPattern {
	out := make([]injectionPattern, len(injectionPatternSources))
	for i, p := range injectionPatternSources {
		re := p.re
		lower := !strings.HasPrefix(re, "(?-i)") && lowerASCIIPattern(re)
		if !strings.HasPrefix(re, "(?-i)") && !lower {
			re = `(?i)` + re
		}
		out[i] = injectionPattern{
			triggers: strings.Split(p.triggers, ","),
			re:       regexp.MustCompile(re),
			lines:    patternLines(p.re),
			lower:    lower,
		}
		if out[i].lines == 0 && !strings.HasPrefix(p.re, "(?") {
			anchored := `^(?:` + p.re + `)`
			if !lower && !strings.HasPrefix(p.re, "(?-i)") {
				anchored = `(?i)` + anchored
			}
			out[i].anchored = regexp.MustCompile(anchored)
		}
	}
	return out
}()

// lowerASCIIPattern reports a pattern that is ASCII and holds no upper-case
// letter but in an escape (\S, \W, \B, \D): case-insensitively it matches
// exactly what it matches case-sensitively on lower-cased ASCII text.
func lowerASCIIPattern(re string) bool {
	for i := 0; i < len(re); i++ {
		c := re[i]
		switch {
		case c >= utf8.RuneSelf:
			return false
		case c == '\\':
			i++ // the escaped byte
		case c >= 'A' && c <= 'Z':
			return false
		}
	}
	return true
}

// patternLines says how much of the text around a trigger a pattern needs:
// anchored patterns get the line, those that cross lines the next few too.
func patternLines(re string) int {
	switch {
	case !strings.HasPrefix(re, "(?m)"):
		return 0
	case strings.Contains(re, `\n`):
		return 2
	}
	return 1
}

// invisibleRune reports characters that render as nothing but can carry
// hidden text to a model: zero-width characters, bidirectional controls,
// word joiners, the byte-order mark inside text and Unicode tag characters.
func invisibleRune(r rune) bool {
	switch {
	case r >= 0x200B && r <= 0x200F, // zero-width space/joiners, LRM, RLM
		r >= 0x202A && r <= 0x202E, // bidi embeddings and overrides
		r >= 0x2060 && r <= 0x2064, // word joiner, invisible operators
		r >= 0x2066 && r <= 0x2069, // bidi isolates
		r == 0xFEFF, r == 0x180E, r == 0x061C,
		r >= 0xE0000 && r <= 0xE007F: // tag characters
		return true
	}
	return false
}

// detectInjection returns the passages of answer that address the grader
// rather than the interviewer (fake delimiters, role tags, "ignore the
// rubric", target phrases, noise runs, encoded payloads...), or none. The
// spans are sorted, do not overlap and are byte ranges of answer.
//
// It is on every score's path, so it is cheap on honest answers: a pattern's
// regexp runs only on a window around each occurrence of one of its
// triggers (at a word start when the trigger is a word), never on the whole
// answer; the shape scans (noise, encodings, invisible and look-alike
// characters) are single linear passes; the folded copy that undoes
// obfuscation is built only when the first pass saw an obfuscation.
func detectInjection(answer string) []Evidence {
	var hints obfuscationHints
	spans := matchInjectionPatterns(answer, nil, &hints)
	spans = scanInjectionRunes(answer, spans, &hints)
	if hints.noise || !isASCII(answer) {
		spans = scanInjectionTokens(answer, spans)
	}
	if hints.any() {
		spans = matchFolded(answer, spans)
	}
	if len(spans) == 0 {
		return nil
	}
	spans = exemptDiscussion(answer, spans)
	if len(spans) == 0 {
		return nil
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	merged := spans[:1]
	for _, sp := range spans[1:] {
		last := &merged[len(merged)-1]
		if sp.start <= last.end {
			last.end = max(last.end, sp.end)
			last.kind = min(last.kind, sp.kind)
			continue
		}
		merged = append(merged, sp)
	}
	out := make([]Evidence, len(merged))
	for i, sp := range merged {
		out[i] = Evidence{Start: sp.start, End: sp.end, Text: answer[sp.start:sp.end]}
	}
	return out
}

// injectionSpan is a suspected passage; kind says which exemptions it may
// claim (invisible characters never claim one).
type injectionSpan struct {
	start, end int
	kind       spanKind
}

type spanKind uint8

const (
	spanInvisible spanKind = iota // hidden characters: never exempt
	spanPhrase                    // a pattern, a noise run or a blob
)

// matchInjectionPatterns appends the pattern matches in text to spans. When
// hints is not nil it also notes the obfuscations seen on the way (spaced
// or punctuated letters, leetspeak keywords) so the caller knows whether a
// folded copy is worth building.
func matchInjectionPatterns(text string, spans []injectionSpan, hints *obfuscationHints) []injectionSpan {
	var scanned [len(injectionPatternSources)]int // per pattern: end of the last window searched
	for i := range scanned {
		scanned[i] = -1
	}
	var letters letterRun
	toks := tokenSignals{text: text}
	var scratchBuf [512]byte
	scratch := scratchBuf[:0] // a lower-cased window (runInjectionPattern)
	for pos, next := 0, 0; pos < len(text); pos = next {
		c := text[pos]
		next = pos + 1
		wordLen := 0 // of the word starting at pos; 0 at a symbol
		if hints != nil && !wordByte[c] {
			toks.symbol(c, pos)
		}
		if wordByte[c] {
			// Word triggers start words; the rest of the word is skipped.
			h := wordHashStep(0, c)
			digits := isDecimalDigit(c)
			for wordLen = 1; pos+wordLen < len(text) && wordByte[text[pos+wordLen]]; wordLen++ {
				d := text[pos+wordLen]
				h = wordHashStep(h, d)
				digits = digits || isDecimalDigit(d)
			}
			next = pos + wordLen
			if hints != nil {
				toks.word(pos, wordLen, h, digits)
				w := text[pos : pos+wordLen]
				if digits && wordLen >= 4 && leetKeyword(w) {
					hints.leet = true
				}
				if wordLen <= 2 && letters.add(text, pos, wordLen) || wordLen > 2 && letters.n > 0 && letters.reset() ||
					wordLen >= 5 && w[1] == '_' && w[3] == '_' {
					hints.spaced = true
				}
			}
			if injectionWordLens[h&wordBuckets]&(1<<min(wordLen, 31)) != 0 {
				for _, t := range injectionWordTriggers[h&wordBuckets] {
					if t.wordPart == wordLen && hasPrefixFold(text[pos:], t.text) {
						spans = runInjectionPattern(text, &scratch, pos, t, &scanned, spans)
					}
				}
			}
			// Prefix triggers of this first letter: only words long
			// enough, with a second letter one of them has.
			lc := lowerByte(c)
			if wordLen < int(injectionPrefixMin[lc]) {
				continue
			}
			if wordLen > 1 {
				if c2 := lowerByte(text[pos+1]); injectionPrefixSecond[lc][c2>>6]&(1<<(c2&63)) == 0 {
					continue
				}
			}
		}
		for _, t := range injectionTriggers[lowerByte(c)] {
			if wordLen > 0 && wordLen < t.wordPart {
				continue // "hi" is not in "high"; the lengths say so before the bytes
			}
			if hasPrefixFold(text[pos:], t.text) {
				spans = runInjectionPattern(text, &scratch, pos, t, &scanned, spans)
			}
		}
	}
	if hints != nil {
		toks.end(len(text))
		hints.noise = toks.noise
	}
	return spans
}

// tokenSignals watches, during the pattern pass, for the few token shapes
// the token scan looks for (a token repeated, a long token, a run of one
// symbol, runs of symbol-only or short code-like tokens, '%' escapes), so
// that an answer with none of them skips that scan. It may say yes when
// the scan finds nothing, never no when it would find something; tokens
// are compared by length, first byte and the hash of their last word.
type tokenSignals struct {
	text                     string
	noise                    bool
	start                    int // of the open token; -1 when none
	open, symOnly, digit     bool
	first                    byte
	lastHash                 uint32
	prevLen, prev2Len        int
	prevFirst, prev2First    byte
	prevHash, prev2Hash      uint32
	repeats, symToks, shorts int
	symRun                   int
	lastSym                  byte
	sameSym                  int
	percent                  int
}

func (t *tokenSignals) begin(pos int, c byte) {
	t.open, t.start, t.symOnly, t.digit, t.first, t.lastHash = true, pos, true, false, c, 0
}

func (t *tokenSignals) symbol(c byte, pos int) {
	if c == ' ' || c == '\n' || c == '\t' || c == '\r' {
		t.end(pos)
		return
	}
	if !t.open {
		t.begin(pos, c)
	}
	t.symRun++
	if c == t.lastSym {
		t.sameSym++
	} else {
		t.lastSym, t.sameSym = c, 1
	}
	if t.symRun >= min(symbolRunMin, mixedSymbolRunMin) || t.sameSym >= symbolRunMin {
		t.noise = true
	}
	if c == '%' {
		t.percent++
		if t.percent >= 5 {
			t.noise = true
		}
	}
}

func (t *tokenSignals) word(pos, n int, h uint32, digits bool) {
	if !t.open {
		t.begin(pos, 0)
	}
	t.symOnly = false
	t.digit = t.digit || digits
	t.lastHash = h
	t.symRun, t.sameSym, t.lastSym = 0, 0, 0
}

func (t *tokenSignals) end(pos int) {
	t.symRun, t.sameSym, t.lastSym = 0, 0, 0
	if !t.open {
		return
	}
	t.open = false
	n := pos - t.start
	if n >= lowVarietyMin || n >= encodedMinLen {
		t.noise = true
	}
	if n == t.prevLen && t.first == t.prevFirst && t.lastHash == t.prevHash ||
		n == t.prev2Len && t.first == t.prev2First && t.lastHash == t.prev2Hash {
		t.repeats++
		if t.repeats >= 2 {
			t.noise = true
		}
	} else {
		t.repeats = 0
	}
	if t.symOnly {
		t.symToks++
		if t.symToks >= 3 {
			t.noise = true
		}
	} else {
		t.symToks = 0
	}
	// Short code-like tokens: numbers ("105", "0x6e", "01101110") and
	// two hex letters ("de ad be ef"); English two-letter words ("to be
	// an") are not.
	if n <= 4 && t.digit || n == 2 && isHex(t.text[t.start]) && isHex(t.text[t.start+1]) || n == 8 && t.digit {
		t.shorts++
		if t.shorts >= 4 {
			t.noise = true
		}
	} else {
		t.shorts = 0
	}
	t.prev2Len, t.prev2First, t.prev2Hash = t.prevLen, t.prevFirst, t.prevHash
	t.prevLen, t.prevFirst, t.prevHash = n, t.first, t.lastHash
}

// runInjectionPattern runs the pattern of trigger t found at pos on the
// window around it, unless an earlier window of the same pattern covered it.
func runInjectionPattern(text string, scratch *[]byte, pos int, t injectionTrigger, scanned *[len(injectionPatternSources)]int, spans []injectionSpan) []injectionSpan {
	p := &injectionPatterns[t.pattern]
	// window returns text[from:to], lower-cased (ASCII) into scratch for a
	// case-sensitive pattern; offsets are the same either way.
	window := func(from, to int) string {
		if !p.lower {
			return text[from:to]
		}
		b := (*scratch)[:0]
		for i := from; i < to; i++ {
			c := text[i]
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
		}
		*scratch = b
		return unsafe.String(unsafe.SliceData(b), len(b))
	}
	if t.anchored {
		_, we := injectionWindow(text, pos, len(t.text), p.lines)
		if m := p.anchored.FindStringIndex(window(pos, we)); m != nil && m[1] > m[0] {
			spans = append(spans, injectionSpan{pos + m[0], pos + m[1], spanPhrase})
		}
		return spans
	}
	ws, we := injectionWindow(text, pos, len(t.text), p.lines)
	if we <= scanned[t.pattern] {
		return spans
	}
	ws = max(ws, scanned[t.pattern])
	scanned[t.pattern] = we
	for _, m := range p.re.FindAllStringIndex(window(ws, we), -1) {
		if m[1] > m[0] {
			spans = append(spans, injectionSpan{ws + m[0], ws + m[1], spanPhrase})
		}
	}
	return spans
}

// injectionWindow is the part of text searched around a trigger found at
// pos: the trigger's line, cut to a few words before and a sentence or two
// after it when lines is 0; the whole line when 1; the line and the next
// few when 2 (fake dialogue turns). Cuts fall on white space so that \b at
// a window's edge means what it means in the whole text.
func injectionWindow(text string, pos, n int, lines int) (int, int) {
	const before, after = 64, 160
	ls := strings.LastIndexByte(text[:pos], '\n') + 1
	le := len(text)
	if j := strings.IndexByte(text[pos:], '\n'); j >= 0 {
		le = pos + j
	}
	switch lines {
	case 1:
		return ls, le
	case 2:
		for k := 0; k < 4 && le < len(text) && le-ls < 800; k++ {
			j := strings.IndexByte(text[le+1:], '\n')
			if j < 0 {
				le = len(text)
				break
			}
			le += 1 + j
		}
		return ls, le
	}
	ws := ls
	if pos-before > ls {
		ws = pos - before
		for ws < pos && text[ws] != ' ' && text[ws] != '\t' {
			ws++
		}
	}
	we := le
	if pos+n+after < le {
		we = pos + n + after
		for we < le && text[we] != ' ' && text[we] != '\t' {
			we++
		}
	}
	return ws, we
}

// injectionTrigger is a literal whose presence makes a pattern worth
// running; word triggers count only at the start of a word ("ai" is not in
// "maintain").
type injectionTrigger struct {
	text    string
	pattern int
	// wordPart is the length of the trigger's leading run of word bytes
	// ("inst]" has 4): a word shorter than that cannot start the trigger.
	wordPart int
	// anchored: the pattern begins with this word (`\bfor\s+the…`,
	// `\b(?:order|command)s?…`), so it is tried only where the word is, not
	// over a window around it: several times cheaper on honest answers.
	anchored bool
}

// injectionTriggers indexes by their (lower-case) first byte the triggers
// that are symbols or word prefixes; injectionWordTriggers indexes by a
// hash of their first word those that start with a whole word, so each
// word of the answer costs one look-up. detectInjection finds them all in
// one pass over the answer.
var injectionTriggers, injectionWordTriggers = func() (tab [256][]injectionTrigger, words [wordBuckets + 1][]injectionTrigger) {
	for i, p := range injectionPatterns {
		for _, t := range p.triggers {
			prefix := strings.HasSuffix(t, "*")
			t = strings.TrimSuffix(t, "*")
			tr := injectionTrigger{text: t, pattern: i, wordPart: wordPrefixLen(t)}
			if tr.wordPart == 0 || prefix && tr.wordPart == len(t) {
				tab[t[0]] = append(tab[t[0]], tr)
				continue
			}
			var h uint32
			for k := 0; k < tr.wordPart; k++ {
				h = wordHashStep(h, t[k])
			}
			tr.anchored = p.anchored != nil && startsWith(injectionPatternSources[i].re, t)
			words[h&wordBuckets] = append(words[h&wordBuckets], tr)
		}
	}
	return tab, words
}()

const wordBuckets = 1<<11 - 1

// injectionWordLens has, per bucket of injectionWordTriggers, bit n set
// when a trigger of first-word length n (31 for 31 and over) is there: a
// word of another length skips the bucket without reading it (the masks
// are 8 KB, the buckets' slices 48 KB).
// injectionPrefixMin and injectionPrefixSecond say, per first letter,
// the shortest word that can start one of its prefix triggers
// (injectionTriggers) and the set of their second bytes; 255 when the
// letter starts none.
var injectionWordLens, injectionPrefixMin, injectionPrefixSecond = func() (lens [wordBuckets + 1]uint32, minPart [256]uint8, second [256][4]uint64) {
	for b, ts := range injectionWordTriggers {
		for _, t := range ts {
			lens[b] |= 1 << min(t.wordPart, 31)
		}
	}
	for c := range minPart {
		minPart[c] = 255
		for _, t := range injectionTriggers[c] {
			if t.wordPart == 0 {
				continue // symbols: their loop runs at non-word bytes
			}
			minPart[c] = min(minPart[c], uint8(min(t.wordPart, 254)))
			if len(t.text) > 1 {
				c2 := t.text[1]
				second[c][c2>>6] |= 1 << (c2 & 63)
			}
		}
	}
	return lens, minPart, second
}()

// wordHashStep folds one more byte of a word, lower-cased, into its hash.
func wordHashStep(h uint32, c byte) uint32 { return h*31 + uint32(lowerByte(c)) }

// startsWith reports whether a match of the pattern source re begins
// where its trigger t does: re is `\b` then a literal word that t's first
// word extends ("for" in `\bfor\s+the`, "order" in `\b(?:order|command)s?`
// for "orders"), possibly as one of the alternatives of a leading group.
func startsWith(re, t string) bool {
	r, ok := strings.CutPrefix(re, `\b`)
	if !ok {
		return false
	}
	first := t[:wordPrefixLen(t)]
	if body, ok := strings.CutPrefix(r, "(?:"); ok {
		depth, start := 0, 0
		for i := 0; i < len(body); i++ {
			switch body[i] {
			case '\\':
				i++
			case '(':
				depth++
			case ')', '|':
				if depth > 0 {
					if body[i] == ')' {
						depth--
					}
					continue
				}
				if lit := leadingLiteral(body[start:i]); lit != "" && strings.HasPrefix(first, lit) {
					return true
				}
				if body[i] == ')' {
					return false
				}
				start = i + 1
			}
		}
		return false
	}
	lit := leadingLiteral(r)
	return lit != "" && strings.HasPrefix(first, lit)
}

// leadingLiteral is the literal word a regexp source starts with, less a
// last letter that a quantifier makes optional ("messages?" gives
// "message").
func leadingLiteral(re string) string {
	n := 0
	for n < len(re) && (re[n] >= 'a' && re[n] <= 'z' || re[n] >= '0' && re[n] <= '9' || re[n] == '_') {
		n++
	}
	if n < len(re) && (re[n] == '?' || re[n] == '*' || re[n] == '{') && n > 0 {
		n--
	}
	return re[:n]
}

func wordPrefixLen(s string) int {
	n := 0
	for n < len(s) && isWordByte(s[n]) {
		n++
	}
	return n
}

func lowerByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// hasPrefixFold reports whether s starts with prefix (lower case ASCII),
// ignoring ASCII case.
func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		if lowerByte(s[i]) != prefix[i] {
			return false
		}
	}
	return true
}

var wordByte = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = isWordByte(byte(c))
	}
	return t
}()

func isWordByte(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}
