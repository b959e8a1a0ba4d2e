// Package quire is the Go SDK of Quire's gateway (gRPC): named logs with an exactly-once
// Producer and a cursor-based Consumer, streamed blobs with SHA-256 checks, raw ledgers, and
// typed errors carrying the gateway's stable codes. The concept map is the same in every SDK
// (clients/README.md):
//
//	c, err := quire.Dial(ctx, "127.0.0.1:9090", quire.WithToken(tok), quire.WithTLSCAFile("ca.pem"))
//	c, err := quire.DialEndpoints(ctx, []string{"gw-1:9090", "gw-2:9090"}, ...) // failover
//	p := c.Log("orders").Producer(quire.ProducerOptions{})
//	cons := c.Log("orders").Consumer("billing", quire.ConsumerOptions{})
//	c.Blobs().Put(ctx, "snap/1", r, quire.PutOptions{})
//	c.Ledgers().Create(ctx, quire.LedgerOptions{})
//
// The generated stubs are in package gen/quire/v1 for anything the SDK does not wrap.
package quire

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"os"
	"sync/atomic"
	"time"

	quirev1 "github.com/quire/quire/clients/go/gen/quire/v1"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
)

// Option configures Dial.
type Option func(*config) error

type config struct {
	// TLS is on when useTLS; tlsBase (WithTLS), caPool (WithTLSCAFile), clientCerts
	// (WithClientCertificate) and serverName (WithServerName) compose in any order.
	useTLS      bool
	tlsBase     *tls.Config
	caPool      *x509.CertPool
	clientCerts []tls.Certificate
	serverName  string
	token       func(context.Context) (string, error)
	timeout     time.Duration
	retry       RetryPolicy
	dial        []grpc.DialOption
}

// WithToken sends a bearer token (JWT) with every call, for a gateway run with --auth-secret-file
// or another key (docs/security.md).
func WithToken(token string) Option {
	return WithTokenSource(func(context.Context) (string, error) { return token, nil })
}

// WithTokenSource asks f for the token on every call, so a caller can refresh it.
func WithTokenSource(f func(context.Context) (string, error)) Option {
	return func(c *config) error { c.token = f; return nil }
}

// WithTLS dials with TLS based on cfg (nil: the system roots). WithTLSCAFile,
// WithClientCertificate and WithServerName add to it, whichever comes first.
func WithTLS(cfg *tls.Config) Option {
	return func(c *config) error {
		c.useTLS = true
		c.tlsBase = cfg
		return nil
	}
}

// WithTLSCAFile dials with TLS, trusting the PEM CA bundle in path (a private CA) instead of the
// system roots.
func WithTLSCAFile(path string) Option {
	return func(c *config) error {
		pem, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return fmt.Errorf("quire: no PEM certificate in %s", path)
		}
		c.useTLS = true
		c.caPool = pool
		return nil
	}
}

// WithClientCertificate dials with TLS and presents the PEM certificate (chain) in certFile with
// the private key in keyFile, for a gateway run with --tls-client-ca (mutual TLS).
func WithClientCertificate(certFile, keyFile string) Option {
	return func(c *config) error {
		cert, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			return fmt.Errorf("quire: client certificate %s / %s: %w", certFile, keyFile, err)
		}
		c.useTLS = true
		c.clientCerts = append(c.clientCerts, cert)
		return nil
	}
}

// WithServerName checks the gateway's certificate against name instead of the endpoint's host.
func WithServerName(name string) Option {
	return func(c *config) error { c.serverName = name; return nil }
}

// WithTimeout bounds each unary call (default 60s) unless its context ends sooner. Streams
// (Tail, blob transfers) are bounded by their context only.
func WithTimeout(d time.Duration) Option {
	return func(c *config) error { c.timeout = d; return nil }
}

// WithRetry sets the retry policy of idempotent calls (reads, cursor advances, blob downloads).
func WithRetry(p RetryPolicy) Option {
	return func(c *config) error { c.retry = p; return nil }
}

// WithDialOptions passes extra options to grpc.NewClient (for every endpoint).
func WithDialOptions(opts ...grpc.DialOption) Option {
	return func(c *config) error { c.dial = append(c.dial, opts...); return nil }
}

// tlsConfig is the composed TLS configuration, or nil for plaintext.
func (c *config) tlsConfig() *tls.Config {
	if !c.useTLS {
		return nil
	}
	t := &tls.Config{MinVersion: tls.VersionTLS12}
	if c.tlsBase != nil {
		t = c.tlsBase.Clone()
	}
	if c.caPool != nil {
		t.RootCAs = c.caPool
	}
	t.Certificates = append(t.Certificates, c.clientCerts...)
	if c.serverName != "" {
		t.ServerName = c.serverName
	}
	return t
}

// Client is a connection to one or more gateway endpoints (instances of one cluster: they are
// stateless and forward writes to the owner of a ledger). Calls go to one endpoint at a time; a
// call failing with UNAVAILABLE there (refused, cut, or a gateway shutting down) moves later
// calls, and its own retry when it is safe to repeat, to the next endpoint in the list. It is
// safe for concurrent use; Close it when done.
type Client struct {
	endpoints []endpoint
	current   atomic.Int64
	cfg       config
}

// endpoint is one gateway address with its connection and stubs.
type endpoint struct {
	target  string
	conn    *grpc.ClientConn
	ledgers quirev1.LedgerServiceClient
	logs    quirev1.LogServiceClient
	blobs   quirev1.BlobServiceClient
}

// Dial connects to a gateway's gRPC endpoint (host:port). The connection is made lazily and
// re-made after a gateway restart; ctx is accepted for symmetry with the calls and checked once.
func Dial(ctx context.Context, endpoint string, opts ...Option) (*Client, error) {
	return DialEndpoints(ctx, []string{endpoint}, opts...)
}

// DialEndpoints connects to several gateways of one cluster (host:port each), for failover:
// calls start at the first, and one failing with UNAVAILABLE moves to the next (then wraps
// around). Exactly-once appends stay exactly-once across the move: a retried batch carries the
// same producer id and sequences, which any gateway recognises.
func DialEndpoints(ctx context.Context, endpoints []string, opts ...Option) (*Client, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if len(endpoints) == 0 {
		return nil, errors.New("quire: at least one gateway endpoint (host:port) is needed")
	}
	cfg := config{timeout: 60 * time.Second}
	for _, o := range opts {
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	dial := []grpc.DialOption{}
	if t := cfg.tlsConfig(); t != nil {
		dial = append(dial, grpc.WithTransportCredentials(credentials.NewTLS(t)))
	} else {
		dial = append(dial, grpc.WithTransportCredentials(insecure.NewCredentials()))
	}
	if cfg.token != nil {
		dial = append(dial, grpc.WithPerRPCCredentials(bearer{source: cfg.token}))
	}
	c := &Client{cfg: cfg}
	for i, target := range endpoints {
		watch := []grpc.DialOption{grpc.WithChainUnaryInterceptor(c.unaryWatch(i)), grpc.WithChainStreamInterceptor(c.streamWatch(i))}
		conn, err := grpc.NewClient(target, append(append(dial, watch...), cfg.dial...)...)
		if err != nil {
			_ = c.Close()
			return nil, err
		}
		c.endpoints = append(c.endpoints, endpoint{target: target, conn: conn, ledgers: quirev1.NewLedgerServiceClient(conn),
			logs: quirev1.NewLogServiceClient(conn), blobs: quirev1.NewBlobServiceClient(conn)})
	}
	return c, nil
}

// Close closes every endpoint's connection.
func (c *Client) Close() error {
	var errs []error
	for _, e := range c.endpoints {
		errs = append(errs, e.conn.Close())
	}
	return errors.Join(errs...)
}

// Conn is the connection calls go through now, for the generated stubs (gen/quire/v1). It does
// not fail over by itself: take Conn again after an UNAVAILABLE error.
func (c *Client) Conn() *grpc.ClientConn { return c.at().conn }

// Endpoints are the gateway addresses the client was dialled with, in failover order.
func (c *Client) Endpoints() []string {
	out := make([]string, len(c.endpoints))
	for i, e := range c.endpoints {
		out[i] = e.target
	}
	return out
}

// Endpoint is the address calls go to now.
func (c *Client) Endpoint() string { return c.at().target }

func (c *Client) at() *endpoint { return &c.endpoints[c.current.Load()] }

func (c *Client) logStub() quirev1.LogServiceClient       { return c.at().logs }
func (c *Client) ledgerStub() quirev1.LedgerServiceClient { return c.at().ledgers }
func (c *Client) blobStub() quirev1.BlobServiceClient     { return c.at().blobs }

// failed moves the client off endpoint i after an UNAVAILABLE error there. Only from i: calls
// that failed together on a dead gateway move the client one step, not one step each.
func (c *Client) failed(i int, err error) {
	if len(c.endpoints) > 1 && status.Code(err) == codes.Unavailable {
		c.current.CompareAndSwap(int64(i), int64((i+1)%len(c.endpoints)))
	}
}

// unaryWatch and streamWatch see every call's error on endpoint i's connection, so failover
// needs nothing from the call sites.
func (c *Client) unaryWatch(i int) grpc.UnaryClientInterceptor {
	return func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
		err := invoker(ctx, method, req, reply, cc, opts...)
		c.failed(i, err)
		return err
	}
}

func (c *Client) streamWatch(i int) grpc.StreamClientInterceptor {
	return func(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn, method string, streamer grpc.Streamer, opts ...grpc.CallOption) (grpc.ClientStream, error) {
		s, err := streamer(ctx, desc, cc, method, opts...)
		if err != nil {
			c.failed(i, err)
			return nil, err
		}
		return watchedStream{ClientStream: s, failed: func(err error) { c.failed(i, err) }}, nil
	}
}

// watchedStream reports a stream's error; RecvMsg carries it (SendMsg answers io.EOF).
type watchedStream struct {
	grpc.ClientStream
	failed func(error)
}

func (s watchedStream) RecvMsg(m any) error {
	err := s.ClientStream.RecvMsg(m)
	if err != nil && !errors.Is(err, io.EOF) {
		s.failed(err)
	}
	return err
}

// callCtx applies the per-call timeout.
func (c *Client) callCtx(ctx context.Context) (context.Context, context.CancelFunc) {
	if c.cfg.timeout <= 0 {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, c.cfg.timeout)
}

// bearer sends `authorization: Bearer <token>`. It allows a plaintext channel (a loopback gateway
// may run without TLS); tokens over a network belong on TLS (docs/security.md).
type bearer struct {
	source func(context.Context) (string, error)
}

func (b bearer) GetRequestMetadata(ctx context.Context, _ ...string) (map[string]string, error) {
	t, err := b.source(ctx)
	if err != nil {
		return nil, err
	}
	return map[string]string{"authorization": "Bearer " + t}, nil
}

func (b bearer) RequireTransportSecurity() bool { return false }
