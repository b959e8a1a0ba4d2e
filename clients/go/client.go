// Package quire is the Go SDK of Quire's gateway (gRPC): named logs with an exactly-once
// Producer and a cursor-based Consumer, streamed blobs with SHA-256 checks, raw ledgers, and
// typed errors carrying the gateway's stable codes. The concept map is the same in every SDK
// (clients/README.md):
//
//	c, err := quire.Dial(ctx, "127.0.0.1:9090", quire.WithToken(tok), quire.WithTLS(cfg))
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
	"fmt"
	"os"
	"time"

	quirev1 "github.com/quire/quire/clients/go/gen/quire/v1"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
)

// Option configures Dial.
type Option func(*config) error

type config struct {
	tls     *tls.Config
	token   func(context.Context) (string, error)
	timeout time.Duration
	retry   RetryPolicy
	dial    []grpc.DialOption
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

// WithTLS dials with TLS (nil: the system roots). Add a client certificate to cfg for a gateway
// run with --tls-client-ca.
func WithTLS(cfg *tls.Config) Option {
	return func(c *config) error {
		if cfg == nil {
			cfg = &tls.Config{MinVersion: tls.VersionTLS12}
		}
		c.tls = cfg
		return nil
	}
}

// WithTLSCAFile dials with TLS, trusting the PEM CA bundle in path (a private CA).
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
		c.tls = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
		return nil
	}
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

// WithDialOptions passes extra options to grpc.NewClient.
func WithDialOptions(opts ...grpc.DialOption) Option {
	return func(c *config) error { c.dial = append(c.dial, opts...); return nil }
}

// Client is a connection to one gateway endpoint (any instance of a cluster: they are stateless
// and forward writes to the owner of a ledger). It is safe for concurrent use; Close it when done.
type Client struct {
	conn    *grpc.ClientConn
	cfg     config
	ledgers quirev1.LedgerServiceClient
	logs    quirev1.LogServiceClient
	blobs   quirev1.BlobServiceClient
}

// Dial connects to a gateway's gRPC endpoint (host:port). The connection is made lazily and
// re-made after a gateway restart; ctx is accepted for symmetry with the calls and checked once.
func Dial(ctx context.Context, endpoint string, opts ...Option) (*Client, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	cfg := config{timeout: 60 * time.Second}
	for _, o := range opts {
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	dial := []grpc.DialOption{}
	if cfg.tls != nil {
		dial = append(dial, grpc.WithTransportCredentials(credentials.NewTLS(cfg.tls)))
	} else {
		dial = append(dial, grpc.WithTransportCredentials(insecure.NewCredentials()))
	}
	if cfg.token != nil {
		dial = append(dial, grpc.WithPerRPCCredentials(bearer{source: cfg.token}))
	}
	conn, err := grpc.NewClient(endpoint, append(dial, cfg.dial...)...)
	if err != nil {
		return nil, err
	}
	return &Client{conn: conn, cfg: cfg, ledgers: quirev1.NewLedgerServiceClient(conn), logs: quirev1.NewLogServiceClient(conn), blobs: quirev1.NewBlobServiceClient(conn)}, nil
}

// Close closes the connection.
func (c *Client) Close() error { return c.conn.Close() }

// Conn is the underlying gRPC connection, for the generated stubs (gen/quire/v1).
func (c *Client) Conn() *grpc.ClientConn { return c.conn }

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
