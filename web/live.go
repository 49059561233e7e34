package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"github.com/gorilla/websocket"
	"github.com/mockinterview/mockinterview/interview"
	"golang.org/x/time/rate"
)

// Error codes of the live interview: the HTTP answers before the upgrade,
// and the error messages of the websocket protocol that the web layer
// detects itself (the engine's own codes, interview.Code*, come too).
const (
	CodeUpgradeRequired = "upgrade_required"
	CodeForbiddenOrigin = "forbidden_origin"
	CodeUnavailable     = "unavailable"
	// CodeBadMessage: the message is not a JSON object of the protocol, or
	// a field is missing or has the wrong type.
	CodeBadMessage = "bad_message"
	// CodeUnknownType: the message's type is not one the server takes.
	CodeUnknownType = "unknown_type"
	// CodeAlreadyFollowing: resume on a connection that already follows
	// the session.
	CodeAlreadyFollowing = "already_following"
	// CodeTooManyConnections: the server (503) or the caller (429) has as
	// many live connections open as it may.
	CodeTooManyConnections = "too_many_connections"
)

// Close reasons sent with 1013 (try again later): the client reconnects,
// resumes from the last seq it saw and goes on; nothing stored is lost.
const (
	closeTooSlow = "too slow: reconnect and resume"
	// closeUnavailable: the database cannot be reached. A refusal of the
	// client's message cannot be sent as an error message (it would need
	// a seq, given by the database), so the connection says why instead.
	closeUnavailable = "unavailable: the database cannot be reached; reconnect, resume and resend what was not acknowledged"
	// closeSessionFull: HubConfig.MaxSessionConns connections are open to
	// the session already.
	closeSessionFull = "too many connections to this session: close another one"
	// closeServerFull: HubConfig.MaxConns or MaxClientConns were reached
	// while this connection was being upgraded.
	closeServerFull = "too many live connections: close one or try again in a minute"
)

// closeTooManyMessages is the 1008 close text of a client over its message
// rate (HubConfig.MessageRate).
const closeTooManyMessages = "too many messages"

// Client message types of the websocket protocol (docs/protocol.md).
const (
	msgStart  = "start"
	msgAnswer = "answer"
	msgDraft  = "draft"
	msgSkip   = "skip"
	msgNext   = "next"
	msgResume = "resume"
	msgEnd    = "end"
)

// handleLive upgrades GET /api/v1/sessions/:id/live to the websocket of a
// live interview. Checks come before the upgrade, as plain HTTP errors: that
// the caller owns the session (404), that this is a websocket handshake
// (426), the Origin (403), that the hub takes connections (503).
func handleLive(engine SessionEngine, hub *Hub, accounts AccountStore) gin.HandlerFunc {
	// An idle connection holds its read buffer only: small, since client
	// messages are small (a longer one is read in more calls), while the
	// write buffer is borrowed from a pool for each message written.
	upgrader := websocket.Upgrader{
		ReadBufferSize:  liveReadBuffer,
		WriteBufferSize: 4 << 10,
		WriteBufferPool: &sync.Pool{},
		CheckOrigin:     sameOrigin,
		Error: func(w http.ResponseWriter, r *http.Request, status int, reason error) {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.WriteHeader(status)
			_ = json.NewEncoder(w).Encode(errorResponse{Error: ErrorBody{Code: CodeUpgradeRequired,
				Message: "the websocket handshake failed: " + strings.ToLower(reason.Error())}})
		},
	}
	return func(c *gin.Context) {
		if engine == nil || hub == nil {
			writeError(c, errNoSessionEngine)
			return
		}
		// The owner takes the interview; a coach or an admin who may read
		// it watches, read-only (authz.go); anyone else gets 404.
		sess, access, err := authorizedSession(c, engine, accounts, nil, "")
		if err != nil {
			writeError(c, err)
			return
		}
		if !websocket.IsWebSocketUpgrade(c.Request) {
			writeError(c, &Error{Status: http.StatusUpgradeRequired, Code: CodeUpgradeRequired,
				Message: "this route is a websocket: connect with a websocket client"})
			return
		}
		if !sameOrigin(c.Request) {
			writeError(c, &Error{Status: http.StatusForbidden, Code: CodeForbiddenOrigin, Field: "Origin",
				Message: "the websocket must be opened from this server's own pages"})
			return
		}
		if hub.closed() {
			writeError(c, &Error{Status: http.StatusServiceUnavailable, Code: CodeUnavailable,
				Message: "the server is shutting down: reconnect shortly"})
			return
		}
		caller := callerFrom(c)
		client := caller.Owner
		if client == "" {
			client = "addr:" + c.ClientIP()
		}
		switch hub.admit(client) {
		case addServerFull:
			writeError(c, &Error{Status: http.StatusServiceUnavailable, Code: CodeTooManyConnections,
				Message: "this server has as many live interviews open as it takes: try again in a minute"})
			return
		case addClientFull:
			writeError(c, &Error{Status: http.StatusTooManyRequests, Code: CodeTooManyConnections,
				Message: fmt.Sprintf("you have %d live interviews open already: close one first", hub.cfg.MaxClientConns)})
			return
		}
		c.Status(http.StatusSwitchingProtocols) // for the request log and metrics
		ws, err := upgrader.Upgrade(c.Writer, c.Request, nil)
		if err != nil {
			return // the upgrader answered
		}
		lc := newLiveConn(hub, engine, ws, sess.ID)
		lc.client = client
		lc.viewer = liveViewer{readOnly: !access.Own, signIn: caller.AuthHash, signInEnds: caller.AuthExpires,
			sessionOwner: sess.Owner, sessionCreated: sess.CreatedAt}
		if !access.Own && caller.User != nil && caller.User.Role == interview.RoleCoach {
			lc.viewer.coachID = caller.User.ID
		}
		switch r := hub.add(lc); r {
		case addClosed:
			_ = ws.WriteControl(websocket.CloseMessage,
				websocket.FormatCloseMessage(websocket.CloseGoingAway, "server shutting down"),
				time.Now().Add(closeGrace))
			ws.Close()
			return
		case addSessionFull, addServerFull, addClientFull:
			text := closeSessionFull
			if r != addSessionFull {
				text = closeServerFull
			}
			_ = ws.WriteControl(websocket.CloseMessage,
				websocket.FormatCloseMessage(websocket.CloseTryAgainLater, text),
				time.Now().Add(closeGrace))
			ws.Close()
			return
		}
		go lc.serve()
	}
}

// liveReadBuffer is the read buffer of a live connection.
const liveReadBuffer = 512

// sameOrigin accepts a request without Origin (not a browser) or one whose
// Origin host is the Host it was sent to.
func sameOrigin(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	return err == nil && u.Host != "" && strings.EqualFold(u.Host, r.Host)
}

// liveConn is one websocket connection to one session. See the hub's
// concurrency contract for which goroutine does what.
type liveConn struct {
	hub       *Hub
	cfg       HubConfig
	engine    SessionEngine
	ws        *websocket.Conn
	sessionID string
	client    string     // whose connection: the caller's owner, else "addr:<ip>"
	viewer    liveViewer // set before serve starts, then only read

	ctx    context.Context // canceled by stop
	cancel context.CancelFunc

	stopOnce  sync.Once
	closeCode int // set once by stop, read by goAway after ctx is done
	closeText string

	readerDone chan struct{}
	pinger     atomic.Pointer[time.Timer]

	// delivered is the seq of the last message the follower wrote;
	// progress is signaled after each.
	delivered atomic.Int64
	progress  chan struct{}

	drafts draftSaver

	// answers is the session as last read for a watcher's answer.ack
	// texts (live_watch.go); owned by the delivery of the moment, which the
	// engine's watch runs one at a time.
	answers *interview.Session

	// Owned by the reader goroutine.
	messages     *rate.Limiter
	followerDone chan struct{} // nil until the connection follows the session
	errors       int
	lastErrorSeq int64
}

func newLiveConn(hub *Hub, engine SessionEngine, ws *websocket.Conn, sessionID string) *liveConn {
	ctx, cancel := context.WithCancel(hub.base)
	c := &liveConn{
		hub:        hub,
		cfg:        hub.cfg,
		engine:     engine,
		ws:         ws,
		sessionID:  sessionID,
		ctx:        ctx,
		cancel:     cancel,
		progress:   make(chan struct{}, 1),
		readerDone: make(chan struct{}),
		messages:   rate.NewLimiter(rate.Limit(hub.cfg.MessageRate), hub.cfg.MessageBurst),
	}
	c.drafts.c = c
	return c
}

// stop ends the connection with a close frame of code (the first reason
// given wins). Safe from any goroutine.
func (c *liveConn) stop(code int, text string) {
	c.stopOnce.Do(func() {
		c.closeCode, c.closeText = code, text
	})
	c.cancel()
}

// serve is the reader goroutine and the owner of the connection: it reads
// client messages until the connection ends, then stops, waits for the
// close frame and the follower and closes the socket. An idle connection
// has only this goroutine and, once it follows the session, the
// follower's: pings are a timer's (ping), the close frame is sent when the
// connection's context ends (goAway), and each command runs on a goroutine
// of its own (command), so that the engine's deep calls never grow the
// stacks that stay while the connection idles.
func (c *liveConn) serve() {
	defer c.hub.remove(c)
	defer c.viewer.watch(c)()
	awayDone := make(chan struct{})
	context.AfterFunc(c.ctx, func() {
		defer close(awayDone)
		c.goAway()
	})
	c.pinger.Store(time.AfterFunc(c.cfg.PingInterval, c.ping))

	c.ws.SetReadLimit(c.cfg.ReadLimit)
	alive := func() { _ = c.ws.SetReadDeadline(time.Now().Add(c.cfg.PongWait)) }
	alive()
	c.ws.SetPongHandler(func(string) error { alive(); return nil })
	for {
		kind, data, err := c.ws.ReadMessage()
		if err != nil {
			c.readFailed(err)
			break
		}
		alive()
		if !c.messages.Allow() {
			c.stop(websocket.ClosePolicyViolation, closeTooManyMessages)
			break
		}
		if kind != websocket.TextMessage {
			if !c.command(func() bool { return c.refuse(CodeBadMessage, "send JSON text messages, not binary ones") }) {
				break
			}
			continue
		}
		if !utf8.Valid(data) {
			// Rewriting it to U+FFFD would move every span returned
			// for the answer: refuse it, as the JSON routes do.
			c.stop(websocket.CloseInvalidFramePayloadData, "invalid_utf8: a text message must be valid UTF-8")
			break
		}
		if !c.command(func() bool { return c.handle(data) }) {
			break
		}
	}
	close(c.readerDone)
	c.stop(websocket.CloseNormalClosure, "")
	c.command(func() bool { c.drafts.close(); return false })
	<-awayDone
	if t := c.pinger.Load(); t != nil {
		t.Stop()
	}
	if c.followerDone != nil {
		<-c.followerDone
	}
	c.ws.Close()
}

// command runs f, a step of the reader, on a goroutine of its own and
// waits for it: the engine's calls (the store's driver above all) run deep,
// and a goroutine's stack, once grown, stays grown while the connection
// idles.
func (c *liveConn) command(f func() bool) bool {
	done := make(chan bool, 1)
	go func() { done <- f() }()
	return <-done
}

func (c *liveConn) readFailed(err error) {
	var ce *websocket.CloseError
	switch {
	case errors.As(err, &ce): // the client closed; gorilla echoed its close frame
		c.stop(websocket.CloseNormalClosure, "")
	case errors.Is(err, websocket.ErrReadLimit): // gorilla already sent 1009
		c.stop(websocket.CloseMessageTooBig, "message too big")
	default: // dead peer (no pong within PongWait), reset, or stopped by us
		c.stop(websocket.CloseGoingAway, "connection lost")
	}
}

// ping runs on its timer every PingInterval while the connection is open.
// Control frames may be written beside the follower's data frames.
func (c *liveConn) ping() {
	if c.ctx.Err() != nil {
		return
	}
	if err := c.ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(c.cfg.WriteWait)); err != nil {
		c.ws.Close() // unblocks the reader
		c.stop(websocket.CloseGoingAway, "write failed")
		return
	}
	if t := c.pinger.Load(); t != nil {
		t.Reset(c.cfg.PingInterval)
	}
}

// write sends one server message: the follower's only way to the client.
// A write that takes longer than WriteWait means a client too slow to read
// what it is sent; it is dropped (1013, try again later, when the close
// frame can still be written) and resumes from the last seq it saw.
func (c *liveConn) write(msg []byte) error {
	if err := c.ctx.Err(); err != nil {
		return err // stopped: the client resumes what it did not get
	}
	_ = c.ws.SetWriteDeadline(time.Now().Add(c.cfg.WriteWait))
	err := c.ws.WriteMessage(websocket.TextMessage, msg)
	if err == nil {
		return nil
	}
	var netErr net.Error
	if errors.As(err, &netErr) && netErr.Timeout() && c.ctx.Err() == nil {
		c.hub.dropped.Add(1) // a client that read nothing for WriteWait
		c.stop(websocket.CloseTryAgainLater, closeTooSlow)
		c.ws.Close() // unblocks the reader
		return errSlowClient
	}
	c.ws.Close()
	c.stop(websocket.CloseGoingAway, "write failed")
	return err
}

// goAway runs once the connection's context is done: it sends the close
// frame, waits briefly for the client's answering close (or the reader's
// end), and closes the socket.
func (c *liveConn) goAway() {
	deadline := time.Now().Add(closeGrace)
	code := c.closeCode
	if code == 0 {
		code = websocket.CloseNormalClosure
	}
	_ = c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, c.closeText), deadline)
	t := time.NewTimer(closeGrace)
	defer t.Stop()
	select {
	case <-c.readerDone:
	case <-t.C:
	}
	c.ws.Close()
}

// errSlowClient stops a follower whose client cannot keep up.
var errSlowClient = errors.New("client too slow")

// follow starts following the session: every event after afterSeq, in
// order, then each new one, written to the client by the engine's watch
// (interview.Service.Watch), which runs a goroutine only while there is
// something to write. Called by the reader.
func (c *liveConn) follow(afterSeq int64) {
	done := make(chan struct{})
	c.followerDone = done
	c.engine.Watch(c.ctx, c.sessionID, afterSeq, func(ev interview.Event) error {
		if c.viewer.readOnly && ev.Type == interview.EventAnswerAck {
			ev = c.withAnswerText(ev)
		}
		msg, err := json.Marshal(ev)
		if err != nil {
			return err
		}
		if err := c.write(msg); err != nil {
			return err
		}
		c.delivered.Store(ev.Seq)
		select {
		case c.progress <- struct{}{}:
		default:
		}
		return nil
	}, func(err error) {
		defer close(done)
		switch {
		case err == nil || c.ctx.Err() != nil || errors.Is(err, errSlowClient):
		case errors.Is(err, interview.ErrUnavailable):
			c.storeUnavailable(err)
		default:
			c.cfg.Logger.Error("follow session", "session", c.sessionID, "err", err)
			c.stop(websocket.CloseInternalServerErr, "internal error")
		}
	})
}

func (c *liveConn) following() bool { return c.followerDone != nil }

// clientMessage is any client message; which fields are required depends
// on the type.
type clientMessage struct {
	Type *string `json:"type"`
	Turn *int    `json:"turn"`
	Text *string `json:"text"`
	// FollowUp, on a draft, is the attempt it was typed for (0 the main
	// answer, k follow-up k); without it, the attempt open when it is
	// saved.
	FollowUp *int   `json:"followup"`
	LastSeq  *int64 `json:"last_seq"`
}

// protocolError is a client message the server cannot take.
type protocolError struct{ code, message string }

func parseClientMessage(data []byte) (typ string, m clientMessage, perr *protocolError) {
	if err := json.Unmarshal(data, &m); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) && typeErr.Field != "" {
			return "", m, &protocolError{CodeBadMessage, fmt.Sprintf("field %s must be %s", typeErr.Field, withArticle(jsonKind(typeErr.Type)))}
		}
		return "", m, &protocolError{CodeBadMessage, "the message is not a JSON object"}
	}
	if m.Type == nil {
		return "", m, &protocolError{CodeBadMessage, "the message has no type"}
	}
	typ = *m.Type
	need := func(fields ...string) *protocolError {
		var missing []string
		for _, f := range fields {
			if (f == "turn" && m.Turn == nil) || (f == "text" && m.Text == nil) || (f == "last_seq" && m.LastSeq == nil) {
				missing = append(missing, f)
			}
		}
		if len(missing) > 0 {
			return &protocolError{CodeBadMessage, fmt.Sprintf("%s needs %s", typ, strings.Join(missing, " and "))}
		}
		return nil
	}
	switch typ {
	case msgStart, msgEnd, msgNext:
	case msgAnswer:
		perr = need("turn", "text")
	case msgDraft:
		perr = need("turn", "text")
		if perr == nil && m.FollowUp != nil && *m.FollowUp < 0 {
			perr = &protocolError{CodeBadMessage, "followup must be 0 (the main answer) or a follow-up's index"}
		}
	case msgSkip:
		perr = need("turn")
	case msgResume:
		perr = need("last_seq")
		if perr == nil && *m.LastSeq < 0 {
			perr = &protocolError{CodeBadMessage, "last_seq must be 0 or more"}
		}
	default:
		perr = &protocolError{CodeUnknownType, fmt.Sprintf(
			"unknown message type %s (want start, answer, draft, skip, next, resume or end)", quote(typ))}
	}
	return typ, m, perr
}

// handle runs one client message; it reports whether to keep reading.
func (c *liveConn) handle(data []byte) bool {
	if c.viewer.readOnly {
		return c.watcherMessage(data)
	}
	typ, m, perr := parseClientMessage(data)
	if perr != nil {
		return c.refuse(perr.code, perr.message)
	}
	if !c.following() && typ != msgStart && typ != msgResume {
		return c.refuse(interview.CodeNotStarted, "send start or resume first")
	}
	ctx, id := c.ctx, c.sessionID
	if typ == msgDraft {
		followup := -1 // the open attempt
		if m.FollowUp != nil {
			followup = *m.FollowUp
		}
		return c.commandDone(c.drafts.add(*m.Turn, followup, *m.Text))
	}
	// Drafts still pending are saved first: the engine sees the client's
	// messages in order.
	if err := c.drafts.flush(ctx); err != nil {
		if !c.commandDone(err) {
			return false
		}
	}
	var err error
	switch typ {
	case msgStart:
		if !c.following() {
			c.follow(0)
		}
		err = c.engine.Start(ctx, id)
	case msgResume:
		if c.following() {
			return c.refuse(CodeAlreadyFollowing, "this connection already follows the session: open a new one to resume")
		}
		c.follow(*m.LastSeq)
		err = c.engine.Resume(ctx, id)
	case msgAnswer:
		err = c.engine.Answer(ctx, id, *m.Turn, *m.Text)
	case msgSkip:
		err = c.engine.Skip(ctx, id, *m.Turn)
	case msgNext:
		err = c.engine.Next(ctx, id)
	case msgEnd:
		err = c.engine.End(ctx, id)
	}
	return c.commandDone(err)
}

// commandDone deals with the engine's answer to a command.
func (c *liveConn) commandDone(err error) bool {
	var rej *interview.Rejection
	switch {
	case err == nil:
		return true
	case errors.As(err, &rej): // stored and published by the engine already
		c.lastErrorSeq = rej.Seq
		return c.countError()
	case c.ctx.Err() != nil:
		return false
	case errors.Is(err, interview.ErrClosed):
		c.stop(websocket.CloseGoingAway, "server shutting down")
		return false
	case errors.Is(err, interview.ErrNotFound):
		c.stop(websocket.CloseInternalServerErr, "session not found")
		return false
	case errors.Is(err, interview.ErrUnavailable):
		c.storeUnavailable(err)
		return false
	}
	c.cfg.Logger.Error("live command", "session", c.sessionID, "err", err)
	return c.refuse(interview.CodeInternal, "internal error: the message was not taken; send it again")
}

// storeUnavailable closes the connection with 1013 when the database
// cannot be reached: the client's message was not taken (no answer.ack),
// and the client reconnects with backoff, resumes and sends it again.
func (c *liveConn) storeUnavailable(err error) {
	if c.ctx.Err() == nil {
		c.cfg.Logger.Warn("live session: database unavailable", "session", c.sessionID, "err", err)
	}
	c.stop(websocket.CloseTryAgainLater, closeUnavailable)
}

// refuse records a protocol error in the session (so it has a seq and
// replays like every message) and counts it against the client. A
// connection that does not follow the session yet follows it from the error
// on, so that it receives it.
func (c *liveConn) refuse(code, message string) bool {
	if c.errors >= c.cfg.MaxErrors {
		return c.countError()
	}
	ev, err := c.engine.RecordError(c.ctx, c.sessionID, code, message)
	if err != nil {
		if errors.Is(err, interview.ErrUnavailable) {
			c.storeUnavailable(err)
		} else if c.ctx.Err() == nil {
			c.cfg.Logger.Error("record protocol error", "session", c.sessionID, "err", err)
			c.stop(websocket.CloseInternalServerErr, "internal error")
		}
		return false
	}
	if !c.following() {
		c.follow(ev.Seq - 1)
	}
	c.lastErrorSeq = ev.Seq
	return c.countError()
}

// countError counts a refused message. One too many closes the connection
// with 1008, after the errors already recorded reached the send queue (for
// at most closeGrace), so that the client reads why.
func (c *liveConn) countError() bool {
	c.errors++
	if c.errors <= c.cfg.MaxErrors {
		return true
	}
	t := time.NewTimer(closeGrace)
	defer t.Stop()
	for c.following() && c.delivered.Load() < c.lastErrorSeq {
		select {
		case <-c.progress:
		case <-t.C:
			c.lastErrorSeq = 0
		case <-c.ctx.Done():
			return false
		}
	}
	c.stop(websocket.ClosePolicyViolation, "too many bad messages")
	return false
}
