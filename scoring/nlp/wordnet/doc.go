// Package wordnet owns the WordNet 3.0 relations the offline scorer uses to
// match an answer's words against a question's talking points: parts of
// speech, morphological base forms (morphy), synsets, synonyms, antonyms,
// derivationally related forms and near hypernyms.
//
// The data is a compact table (wordnet.bin.gz, 1.33 MB) generated from
// the Princeton WordNet 3.0 files and embedded in the binary, so nothing
// needs to be installed at run time. It keeps every lemma, the first K
// senses per lemma and part of speech, hypernym and similar-to pointers,
// antonym and derivation pointers of those senses, the exception lists and
// one SemCor frequency per lemma and POS; glosses, examples, verb frames and
// the other relations are dropped. Regenerate it (deterministic: the same
// input gives the same bytes, checked by TestTableIsRegenerated) with
//
//	go generate ./scoring/nlp/wordnet/
//
// which runs ./gen on /usr/share/wordnet (Debian's wordnet-base; another
// copy with `go run ./gen -dict DIR`). WordNet's license is in LICENSE.
//
// The table is decoded once per process, on first use (about 50 ms); every
// lookup after that is allocation-free (Synsets aside, for a POS set whose
// bases differ) and returns sub-slices of shared arrays, which callers must
// not modify. All functions are safe for
// concurrent use.
//
// Words are expected lower-case (ASCII upper case is folded). Multi-word
// lemmas are written with spaces ("cut down"); underscores in input are
// read as spaces. An inflected collocation is reduced through its head
// word, as WordNet's morphy does: the last word of a noun ("field mice"),
// the first of a verb ("cutting down").
//
// What WordNet 3.0 does not link, though a reader might expect it (at K=3;
// TestRelated, TestChooseK and docs/wordnet.md): reduce/lower,
// increase/drop, start/finish, bug/error, problem/issue, fix/solve,
// task/assignment, lead/manage, learn/study, latency/delay,
// scale/scalability and succeed/success are None; check/verify and
// decrease/reduce are Hypernym, not Synonym.
package wordnet

//go:generate go run ./gen -dict /usr/share/wordnet -o wordnet.bin.gz
