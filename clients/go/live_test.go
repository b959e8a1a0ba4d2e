package quire_test

// Live tests: the Go SDK against real gateways started by test/clients/go-sdk.test.ts, which
// passes their addresses in the environment (run them with
// `node scripts/run-tests.mjs test/clients/go-sdk.test.ts`; without it they fail, naming it).
//   QUIRE_ENDPOINT          gRPC of a `quire local` process (plaintext, no auth)
//   QUIRE_CONTROL_URL       POST /kill-gateway: SIGKILLs that process and starts it again on the same ports
//   QUIRE_TLS_ENDPOINT      gRPC of a gateway with TLS and --auth-secret-file
//   QUIRE_TLS_CA            the PEM CA of its certificate
//   QUIRE_AUTH_SECRET_FILE  its HS256 secret; QUIRE_AUTH_AUDIENCE the audience it requires
//   QUIRE_MTLS_ENDPOINT     gRPC of a gateway like it that also requires a client certificate the CA signed
//   QUIRE_CLIENT_CERT/KEY   such a certificate and its key; QUIRE_STRANGER_CERT/KEY one from another CA
//   QUIRE_FAILOVER_ENDPOINTS two gateway processes of one cluster (host:port,host:port)
//   QUIRE_FAILOVER_KILL_PID  the first one's pid, which TestFailoverAcrossGatewayKill SIGKILLs
// The tests that wait on a kill or use gateways of their own (the kill of QUIRE_ENDPOINT's process,
// the failover, TLS, mutual TLS) call t.Parallel(): Go runs them together once the sequential
// tests, which share QUIRE_ENDPOINT's process before its kill, are done.

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	quire "github.com/quire/quire/clients/go"
	quirev1 "github.com/quire/quire/clients/go/gen/quire/v1"

	"github.com/golang-jwt/jwt/v5"
)

func env(t *testing.T, name string) string {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		t.Fatalf("%s is not set: these tests run against live gateways started by node scripts/run-tests.mjs test/clients/go-sdk.test.ts", name)
	}
	return v
}

func dial(t *testing.T, ctx context.Context, endpoint string, opts ...quire.Option) *quire.Client {
	t.Helper()
	c, err := quire.Dial(ctx, endpoint, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func uniqueName(prefix string) string { return fmt.Sprintf("%s-%d", prefix, time.Now().UnixNano()) }

// A producer keeps sending while the gateway process is SIGKILLed and started again: every record
// is acknowledged, and the log holds each exactly once, in send order (batches in flight at the
// kill were retried with their sequences and recognised, not written twice); a record written
// before the kill and sent again after it is answered with its first receipt.
func TestExactlyOnceAcrossGatewayKill(t *testing.T) {
	t.Parallel() // its own gateway(s): runs alongside the other parallel tests, after the sequential ones
	endpoint, control := env(t, "QUIRE_ENDPOINT"), env(t, "QUIRE_CONTROL_URL")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	c := dial(t, ctx, endpoint)
	log := c.Log(uniqueName("go-eo"))
	if _, err := log.Create(ctx, quire.LogOptions{}); err != nil {
		t.Fatal(err)
	}
	// q writes once before the kill and never after: its resend below must meet the table the
	// restarted gateway rebuilt from the log.
	q := log.Producer(quire.ProducerOptions{})
	qReceipt, err := q.Append(ctx, quire.Record{Data: []byte("before the kill")})
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Close(ctx); err != nil {
		t.Fatal(err)
	}
	p := log.Producer(quire.ProducerOptions{MaxBatchRecords: 10, Linger: time.Millisecond, Retry: quire.RetryPolicy{Attempts: 60, MaxDelay: 2 * time.Second}})
	const total = 400
	pending := make([]*quire.Pending, 0, total)
	for i := range total {
		pe, err := p.Send(ctx, quire.Record{Data: fmt.Appendf(nil, "rec-%d", i)})
		if err != nil {
			t.Fatal(err)
		}
		pending = append(pending, pe)
		if i == total/4 {
			// Some acknowledged before the kill, the rest queued or in flight across it.
			if _, err := pending[total/8].Wait(ctx); err != nil {
				t.Fatal(err)
			}
			resp, err := http.Post(control+"/kill-gateway", "text/plain", nil)
			if err != nil || resp.StatusCode != 200 {
				t.Fatalf("kill-gateway: %v %v", err, resp)
			}
			resp.Body.Close()
		}
	}
	if err := p.Close(ctx); err != nil {
		t.Fatal(err)
	}
	offsets := map[int64]bool{}
	duplicates := 0
	for i, pe := range pending {
		r, err := pe.Wait(ctx)
		if err != nil {
			t.Fatalf("record %d: %v", i, err)
		}
		if offsets[r.Offset] {
			t.Fatalf("record %d: offset %d acknowledged twice", i, r.Offset)
		}
		offsets[r.Offset] = true
		if r.Duplicate {
			duplicates++
		}
	}
	msgs, err := log.ReadAll(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != total+1 || msgs[0].ProducerID != q.ID() {
		t.Fatalf("the log holds %d records, want %d", len(msgs), total+1)
	}
	qSeq := msgs[0].Sequence
	msgs = msgs[1:]
	again, err := log.Append(ctx, []quire.Record{{Data: []byte("before the kill")}}, quire.AppendOptions{ProducerID: q.ID(), Sequence: &qSeq})
	if err != nil || len(again) != 1 || !again[0].Duplicate || again[0].Offset != qReceipt.Offset {
		t.Fatalf("resend of a record written before the kill: %v %v", again, err)
	}
	for i, m := range msgs {
		if string(m.Data) != fmt.Sprintf("rec-%d", i) || m.ProducerID != p.ID() || (i > 0 && m.Sequence != msgs[i-1].Sequence+1) {
			t.Fatalf("record at offset %d: %q producer %q sequence %d", m.Offset, m.Data, m.ProducerID, m.Sequence)
		}
	}
	info, err := log.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// duplicates > 0: a batch written before the kill but not acknowledged was sent again.
	t.Logf("%d records exactly once across the kill, %d receipts were the gateway recognising a retry, %d segments", total, duplicates, len(info.GetSegments()))
}

// A consumer acknowledges part of a log spread over several segments and closes; a new consumer
// on the same cursor resumes right after the last acknowledged record, reads across segment
// boundaries, and waits for records appended later.
func TestConsumerRestartFromCursor(t *testing.T) {
	endpoint := env(t, "QUIRE_ENDPOINT")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	c := dial(t, ctx, endpoint)
	log := c.Log(uniqueName("go-cursor"))
	if _, err := log.Create(ctx, quire.LogOptions{Rollover: &quirev1.LogRolloverPolicy{MaxEntries: 10}}); err != nil {
		t.Fatal(err)
	}
	p := log.Producer(quire.ProducerOptions{MaxBatchRecords: 5})
	for i := range 40 {
		if _, err := p.Send(ctx, quire.Record{Data: fmt.Appendf(nil, "m-%d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Flush(ctx); err != nil {
		t.Fatal(err)
	}

	first := log.Consumer("billing", quire.ConsumerOptions{CommitInterval: -1})
	for i := range 25 {
		m, err := first.Next(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if m.Offset != int64(i) || string(m.Data) != fmt.Sprintf("m-%d", i) {
			t.Fatalf("first consumer: offset %d %q, want %d", m.Offset, m.Data, i)
		}
		if i < 22 {
			first.Ack(m.Offset)
		}
	}
	if err := first.Close(ctx); err != nil {
		t.Fatal(err)
	}
	cur, err := log.Cursor(ctx, "billing")
	if err != nil || cur.GetOffset() != 22 {
		t.Fatalf("cursor after close: %v %v", cur, err)
	}

	second := log.Consumer("billing", quire.ConsumerOptions{WaitMs: 500})
	defer second.Close(ctx)
	got := []string{}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 40; i < 45; i++ {
			if _, err := p.Append(ctx, quire.Record{Data: fmt.Appendf(nil, "m-%d", i)}); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	for i := 22; i < 45; i++ {
		m, err := second.Next(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if m.Offset != int64(i) {
			t.Fatalf("second consumer: offset %d, want %d", m.Offset, i)
		}
		got = append(got, string(m.Data))
		second.Ack(m.Offset)
	}
	wg.Wait()
	if err := p.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if got[0] != "m-22" || got[len(got)-1] != "m-44" {
		t.Fatalf("second consumer read %v", got)
	}
	if err := second.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if cur, err := log.Cursor(ctx, "billing"); err != nil || cur.GetOffset() != 45 {
		t.Fatalf("cursor after the second consumer: %v %v", cur, err)
	}
	info, err := log.Info(ctx)
	if err != nil || len(info.GetSegments()) < 4 {
		t.Fatalf("want the records over several segments: %v %v", info, err)
	}
}

// A multi-chunk blob goes up with its SHA-256 and comes back identical (whole and as a range);
// an upload whose declared digest does not match its bytes is refused and leaves nothing visible.
func TestBlobRoundTripAndDigestMismatch(t *testing.T) {
	endpoint := env(t, "QUIRE_ENDPOINT")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	blobs := dial(t, ctx, endpoint).Blobs()
	data := make([]byte, 3*quire.ChunkBytes+12345)
	_, _ = rand.Read(data)
	name := uniqueName("go-blob")
	res, err := blobs.PutBytes(ctx, name, data, quire.PutOptions{ContentType: "application/x-test", Metadata: map[string]string{"k": "v"}})
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	if res.Info.GetSize() != uint64(len(data)) || res.Info.GetSha256() != fmt.Sprintf("%x", sum) || res.Replaced {
		t.Fatalf("put: %v", res)
	}
	var out bytes.Buffer
	info, n, err := blobs.Get(ctx, name, &out, quire.GetOptions{})
	if err != nil || n != int64(len(data)) || !bytes.Equal(out.Bytes(), data) || info.GetMetadata()["k"] != "v" {
		t.Fatalf("get: %d bytes, %v", n, err)
	}
	out.Reset()
	if _, _, err := blobs.Get(ctx, name, &out, quire.GetOptions{Offset: 1000, Length: 5000}); err != nil || !bytes.Equal(out.Bytes(), data[1000:6000]) {
		t.Fatalf("range: %v", err)
	}

	bad := uniqueName("go-blob-bad")
	wrong := sha256.Sum256([]byte("something else"))
	_, err = blobs.Put(ctx, bad, bytes.NewReader(data), quire.PutOptions{SHA256: wrong[:]})
	if !errors.Is(err, quire.ErrBlobDigestMismatch) {
		t.Fatalf("a wrong digest: want BLOB_DIGEST_MISMATCH, got %v", err)
	}
	if _, err := blobs.Stat(ctx, bad); !errors.Is(err, quire.ErrBlobNotFound) {
		t.Fatalf("a refused upload must leave nothing: %v", err)
	}
	if _, err := blobs.PutBytes(ctx, name, data, quire.PutOptions{IfNoneMatch: true}); !errors.Is(err, quire.ErrBlobExists) {
		t.Fatalf("if-none-match on an existing blob: %v", err)
	}
}

func token(t *testing.T, secretFile, audience string, secret []byte) string {
	t.Helper()
	if secret == nil {
		raw, err := os.ReadFile(secretFile)
		if err != nil {
			t.Fatal(err)
		}
		secret = []byte(strings.TrimSpace(string(raw)))
	}
	claims := jwt.MapClaims{"sub": "go-sdk-test", "aud": audience, "exp": time.Now().Add(10 * time.Minute).Unix(),
		"quire": map[string]any{"perms": []any{map[string]any{"actions": []string{"admin"}}}}}
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(secret)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Against a gateway with TLS and tokens: a call over TLS with a valid HS256 token is served; no
// token, or one signed with another secret, gets UNAUTHENTICATED; a client that does not trust
// the gateway's CA, or speaks plaintext, never reaches it.
func TestTokenAndTLS(t *testing.T) {
	t.Parallel() // its own gateway(s): runs alongside the other parallel tests, after the sequential ones
	endpoint, ca := env(t, "QUIRE_TLS_ENDPOINT"), env(t, "QUIRE_TLS_CA")
	secretFile, audience := env(t, "QUIRE_AUTH_SECRET_FILE"), env(t, "QUIRE_AUTH_AUDIENCE")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	tok := token(t, secretFile, audience, nil)
	ok := dial(t, ctx, endpoint, quire.WithTLSCAFile(ca), quire.WithToken(tok), quire.WithTimeout(30*time.Second))
	log := ok.Log(uniqueName("go-auth"))
	if _, err := log.Create(ctx, quire.LogOptions{}); err != nil {
		t.Fatal(err)
	}
	p := log.Producer(quire.ProducerOptions{})
	r, err := p.Append(ctx, quire.Record{Data: []byte("secured")})
	if err != nil || r.Offset != 0 {
		t.Fatalf("append with a token over TLS: %v %v", r, err)
	}
	_ = p.Close(ctx)
	cons := log.Consumer("auditor", quire.ConsumerOptions{})
	if m, err := cons.Next(ctx); err != nil || string(m.Data) != "secured" {
		t.Fatalf("consume with a token over TLS: %v %v", m, err)
	}
	_ = cons.Close(ctx)

	anon := dial(t, ctx, endpoint, quire.WithTLSCAFile(ca))
	if _, err := anon.Log(log.Name()).Info(ctx); !errors.Is(err, quire.ErrUnauthenticated) {
		t.Fatalf("no token: want UNAUTHENTICATED, got %v", err)
	}
	forged := dial(t, ctx, endpoint, quire.WithTLSCAFile(ca), quire.WithToken(token(t, "", audience, []byte("not-the-gateway-secret"))))
	if _, err := forged.Log(log.Name()).Info(ctx); !errors.Is(err, quire.ErrUnauthenticated) {
		t.Fatalf("a token with another secret: want UNAUTHENTICATED, got %v", err)
	}

	short := quire.WithRetry(quire.RetryPolicy{Attempts: 1})
	untrusting := dial(t, ctx, endpoint, quire.WithTLS(nil), quire.WithToken(tok), short)
	if _, err := untrusting.Log(log.Name()).Info(ctx); !errors.Is(err, quire.ErrUnavailable) {
		t.Fatalf("a CA the client does not trust: want UNAVAILABLE, got %v", err)
	}
	plain := dial(t, ctx, endpoint, quire.WithToken(tok), short)
	if _, err := plain.Log(log.Name()).Info(ctx); !errors.Is(err, quire.ErrUnavailable) {
		t.Fatalf("plaintext to a TLS gateway: want UNAVAILABLE, got %v", err)
	}
}

// Errors that are not retryable fail the records at once, with the gateway's code and details,
// and the producer goes on: a missing log (NO_SUCH_LOG); a reused producer id whose sequences are
// below what the log already holds from it (SEQUENCE_CONFLICT with quire-last-sequence), never
// written twice.
func TestProducerNonRetryableErrors(t *testing.T) {
	endpoint := env(t, "QUIRE_ENDPOINT")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	c := dial(t, ctx, endpoint)
	missing := c.Log(uniqueName("go-missing")).Producer(quire.ProducerOptions{})
	if _, err := missing.Append(ctx, quire.Record{Data: []byte("x")}); !errors.Is(err, quire.ErrNoSuchLog) || quire.IsRetryable(err) {
		t.Fatalf("append to a missing log: want NO_SUCH_LOG, got %v", err)
	}
	_ = missing.Close(ctx)

	log := c.Log(uniqueName("go-seq"))
	if _, err := log.Create(ctx, quire.LogOptions{}); err != nil {
		t.Fatal(err)
	}
	id := uniqueName("fixed-producer")
	first := log.Producer(quire.ProducerOptions{ProducerID: id, FirstSequence: 1000})
	for i := range 2 {
		if _, err := first.Append(ctx, quire.Record{Data: fmt.Appendf(nil, "first %d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	_ = first.Close(ctx)
	stale := log.Producer(quire.ProducerOptions{ProducerID: id, FirstSequence: 10})
	_, err := stale.Append(ctx, quire.Record{Data: []byte("stale")})
	var qe *quire.Error
	if !errors.Is(err, quire.ErrSequenceConflict) || !errors.As(err, &qe) || qe.Details["last-sequence"] != "1001" {
		t.Fatalf("a sequence below the producer's last: want SEQUENCE_CONFLICT with last-sequence 1001, got %v (%+v)", err, qe)
	}
	// The next batch has the next sequences (gaps are allowed): still below, still refused.
	if _, err := stale.Append(ctx, quire.Record{Data: []byte("stale 2")}); !errors.Is(err, quire.ErrSequenceConflict) {
		t.Fatalf("second stale append: %v", err)
	}
	_ = stale.Close(ctx)
	msgs, err := log.ReadAll(ctx, 0)
	if err != nil || len(msgs) != 2 {
		t.Fatalf("the log must hold only the first producer's 2 records: %d, %v", len(msgs), err)
	}
}

// Batching: a batch goes out when it holds MaxBatchRecords records or MaxBatchBytes bytes (the
// linger is a minute here, so nothing else sends it), or on Flush. The records of one append
// share their receipt's LastAddConfirmed (the segment's LAC after that append), which shows the
// batches the gateway received.
func TestProducerBatchBounds(t *testing.T) {
	endpoint := env(t, "QUIRE_ENDPOINT")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	c := dial(t, ctx, endpoint)
	batches := func(o quire.ProducerOptions, n int, size int) []int {
		t.Helper()
		log := c.Log(uniqueName("go-batch"))
		if _, err := log.Create(ctx, quire.LogOptions{}); err != nil {
			t.Fatal(err)
		}
		o.Linger = time.Minute
		p := log.Producer(o)
		pending := make([]*quire.Pending, n)
		for i := range n {
			var err error
			if pending[i], err = p.Send(ctx, quire.Record{Data: make([]byte, size)}); err != nil {
				t.Fatal(err)
			}
		}
		if err := p.Close(ctx); err != nil {
			t.Fatal(err)
		}
		var sizes []int
		last := int64(-2)
		for _, pe := range pending {
			r, err := pe.Wait(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if r.LastAddConfirmed != last {
				sizes = append(sizes, 0)
				last = r.LastAddConfirmed
			}
			sizes[len(sizes)-1]++
		}
		return sizes
	}
	if got := batches(quire.ProducerOptions{MaxBatchRecords: 7}, 30, 10); fmt.Sprint(got) != "[7 7 7 7 2]" {
		t.Fatalf("MaxBatchRecords 7: batches %v", got)
	}
	if got := batches(quire.ProducerOptions{MaxBatchBytes: 100}, 7, 40); fmt.Sprint(got) != "[2 2 2 1]" {
		t.Fatalf("MaxBatchBytes 100 with 40-byte records: batches %v", got)
	}
}

// Against a gateway that requires client certificates (--tls-client-ca): with the CA's certificate
// a producer and a consumer are served, whichever order the TLS options come in; without a client
// certificate, or with one another CA signed, the TLS handshake refuses the client before any call.
func TestMutualTLS(t *testing.T) {
	t.Parallel() // its own gateway(s): runs alongside the other parallel tests, after the sequential ones
	endpoint, ca := env(t, "QUIRE_MTLS_ENDPOINT"), env(t, "QUIRE_TLS_CA")
	cert, key := env(t, "QUIRE_CLIENT_CERT"), env(t, "QUIRE_CLIENT_KEY")
	strangerCert, strangerKey := env(t, "QUIRE_STRANGER_CERT"), env(t, "QUIRE_STRANGER_KEY")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	tok := quire.WithToken(token(t, env(t, "QUIRE_AUTH_SECRET_FILE"), env(t, "QUIRE_AUTH_AUDIENCE"), nil))
	// The certificate before the CA: the options compose, neither replaces the other's TLS settings.
	ok := dial(t, ctx, endpoint, quire.WithClientCertificate(cert, key), quire.WithTLSCAFile(ca), tok, quire.WithTimeout(30*time.Second))
	log := ok.Log(uniqueName("go-mtls"))
	if _, err := log.Create(ctx, quire.LogOptions{}); err != nil {
		t.Fatal(err)
	}
	p := log.Producer(quire.ProducerOptions{})
	if r, err := p.Append(ctx, quire.Record{Data: []byte("mutual")}); err != nil || r.Offset != 0 {
		t.Fatalf("append with a client certificate: %v %v", r, err)
	}
	_ = p.Close(ctx)
	cons := log.Consumer("auditor", quire.ConsumerOptions{})
	if m, err := cons.Next(ctx); err != nil || string(m.Data) != "mutual" {
		t.Fatalf("consume with a client certificate: %v %v", m, err)
	}
	_ = cons.Close(ctx)
	again := dial(t, ctx, endpoint, quire.WithTLSCAFile(ca), quire.WithClientCertificate(cert, key), tok)
	if info, err := again.Log(log.Name()).Info(ctx); err != nil || info.GetNextOffset() != 1 {
		t.Fatalf("CA first, then the certificate: %v %v", info, err)
	}

	short := quire.WithRetry(quire.RetryPolicy{Attempts: 1})
	noCert := dial(t, ctx, endpoint, quire.WithTLSCAFile(ca), tok, short)
	if _, err := noCert.Log(log.Name()).Info(ctx); !errors.Is(err, quire.ErrUnavailable) {
		t.Fatalf("no client certificate: want UNAVAILABLE (refused in the handshake), got %v", err)
	}
	stranger := dial(t, ctx, endpoint, quire.WithTLSCAFile(ca), quire.WithClientCertificate(strangerCert, strangerKey), tok, short)
	if _, err := stranger.Log(log.Name()).Info(ctx); !errors.Is(err, quire.ErrUnavailable) {
		t.Fatalf("a client certificate of another CA: want UNAVAILABLE, got %v", err)
	}
	if _, err := quire.Dial(ctx, endpoint, quire.WithClientCertificate(key, cert)); err == nil {
		t.Fatal("a certificate and key given the wrong way round must fail Dial")
	}
}

// Two gateway processes of one cluster; the client knows both. A producer sends through the first
// while the test SIGKILLs its process: the batches in flight fail UNAVAILABLE and are sent again,
// with the same sequences, through the second, which takes the log over. Every record is in the
// log exactly once, in send order, at its receipt's offset; the client now talks to the second.
func TestFailoverAcrossGatewayKill(t *testing.T) {
	t.Parallel() // its own gateway(s): runs alongside the other parallel tests, after the sequential ones
	endpoints := strings.Split(env(t, "QUIRE_FAILOVER_ENDPOINTS"), ",")
	victim, err := strconv.Atoi(env(t, "QUIRE_FAILOVER_KILL_PID"))
	if err != nil || len(endpoints) != 2 {
		t.Fatalf("QUIRE_FAILOVER_ENDPOINTS %v, QUIRE_FAILOVER_KILL_PID: %v", endpoints, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	c, err := quire.DialEndpoints(ctx, endpoints, quire.WithTimeout(20*time.Second), quire.WithRetry(quire.RetryPolicy{Attempts: 60, MaxDelay: 2 * time.Second}))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if got := c.Endpoints(); fmt.Sprint(got) != fmt.Sprint(endpoints) || c.Endpoint() != endpoints[0] {
		t.Fatalf("endpoints %v, current %s", got, c.Endpoint())
	}
	log := c.Log(uniqueName("go-failover"))
	if _, err := log.Create(ctx, quire.LogOptions{EnsembleSize: 3, WriteQuorumSize: 2, AckQuorumSize: 2, Rollover: &quirev1.LogRolloverPolicy{MaxEntries: 50}}); err != nil {
		t.Fatal(err)
	}
	// Generous retries: the second gateway takes the log over once the first one's session ends.
	p := log.Producer(quire.ProducerOptions{MaxBatchRecords: 5, Linger: time.Millisecond, Retry: quire.RetryPolicy{Attempts: 200, MaxDelay: 2 * time.Second}})
	const total = 300
	pending := make([]*quire.Pending, 0, total)
	for i := range total {
		pe, err := p.Send(ctx, quire.Record{Data: fmt.Appendf(nil, "order-%d", i)})
		if err != nil {
			t.Fatal(err)
		}
		pending = append(pending, pe)
		if i == 120 {
			// Some acknowledged through the first gateway, then it dies with batches in flight.
			if _, err := pending[80].Wait(ctx); err != nil {
				t.Fatal(err)
			}
			if err := syscall.Kill(victim, syscall.SIGKILL); err != nil {
				t.Fatalf("SIGKILL gateway pid %d: %v", victim, err)
			}
		}
	}
	if err := p.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if c.Endpoint() != endpoints[1] {
		t.Fatalf("the client still talks to %s, not the live gateway %s", c.Endpoint(), endpoints[1])
	}
	receipts := make([]quire.Receipt, total)
	duplicates := 0
	for i, pe := range pending {
		r, err := pe.Wait(ctx)
		if err != nil {
			t.Fatalf("record %d: %v", i, err)
		}
		receipts[i] = r
		if r.Duplicate {
			duplicates++
		}
	}
	msgs, err := log.ReadAll(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != total {
		t.Fatalf("the log holds %d records, want %d (none lost, none twice)", len(msgs), total)
	}
	for i, m := range msgs {
		if m.Offset != int64(i) || string(m.Data) != fmt.Sprintf("order-%d", i) || m.ProducerID != p.ID() || (i > 0 && m.Sequence != msgs[i-1].Sequence+1) {
			t.Fatalf("record at offset %d: %q producer %q sequence %d", m.Offset, m.Data, m.ProducerID, m.Sequence)
		}
		if receipts[i].Offset != m.Offset {
			t.Fatalf("record %d: receipt offset %d, in the log at %d", i, receipts[i].Offset, m.Offset)
		}
	}
	t.Logf("%d records exactly once across the SIGKILL of %s, served on by %s; %d receipts were a recognised retry", total, endpoints[0], endpoints[1], duplicates)
}
