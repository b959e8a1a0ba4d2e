package quire_test

import (
	"context"
	"errors"
	"net"
	"testing"

	quire "github.com/quire/quire/clients/go"
	quirev1 "github.com/quire/quire/clients/go/gen/quire/v1"

	"google.golang.org/grpc"
)

// namingLogs answers GetLog with the log's name: a stand-in for a live gateway.
type namingLogs struct {
	quirev1.UnimplementedLogServiceServer
}

func (namingLogs) GetLog(_ context.Context, r *quirev1.GetLogRequest) (*quirev1.LogInfo, error) {
	return &quirev1.LogInfo{Name: r.GetName()}, nil
}

// The first endpoint has nothing listening: the call fails UNAVAILABLE there, and its retry goes to
// the second endpoint, where later calls stay. With one endpoint the same call just fails.
func TestFailoverToTheNextEndpoint(t *testing.T) {
	dead, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	deadAddr := dead.Addr().String()
	dead.Close()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer()
	quirev1.RegisterLogServiceServer(srv, namingLogs{})
	go func() { _ = srv.Serve(l) }()
	defer srv.Stop()
	ctx := context.Background()
	retry := quire.WithRetry(quire.RetryPolicy{Attempts: 2})

	alone, err := quire.Dial(ctx, deadAddr, retry)
	if err != nil {
		t.Fatal(err)
	}
	defer alone.Close()
	if _, err := alone.Log("orders").Info(ctx); !errors.Is(err, quire.ErrUnavailable) {
		t.Fatalf("one dead endpoint: want UNAVAILABLE, got %v", err)
	}

	c, err := quire.DialEndpoints(ctx, []string{deadAddr, l.Addr().String()}, retry)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if info, err := c.Log("orders").Info(ctx); err != nil || info.GetName() != "orders" {
		t.Fatalf("failover to the second endpoint: %v %v", info, err)
	}
	if c.Endpoint() != l.Addr().String() {
		t.Fatalf("calls go to %s, want the live %s", c.Endpoint(), l.Addr())
	}
	if _, err := quire.DialEndpoints(ctx, nil); err == nil {
		t.Fatal("no endpoints must fail")
	}
}
