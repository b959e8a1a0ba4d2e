package quire_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net"
	"testing"

	quire "github.com/quire/quire/clients/go"
	quirev1 "github.com/quire/quire/clients/go/gen/quire/v1"

	"google.golang.org/grpc"
)

// corruptingBlobs is a fault injected on the wire: a BlobService whose download stream sends
// other bytes than the SHA-256 its info names (a gateway cannot be made to do that).
type corruptingBlobs struct {
	quirev1.UnimplementedBlobServiceServer
}

func (corruptingBlobs) GetBlob(_ *quirev1.GetBlobRequest, s grpc.ServerStreamingServer[quirev1.GetBlobResponse]) error {
	want := sha256.Sum256([]byte("the stored bytes"))
	info := &quirev1.BlobInfo{Name: "b", Size: 16, Sha256: hex.EncodeToString(want[:])}
	if err := s.Send(&quirev1.GetBlobResponse{Part: &quirev1.GetBlobResponse_Info{Info: info}}); err != nil {
		return err
	}
	return s.Send(&quirev1.GetBlobResponse{Part: &quirev1.GetBlobResponse_Data{Data: []byte("corrupted bytes!")}})
}

// A whole-blob download whose bytes do not match the blob's SHA-256 ends in DIGEST_MISMATCH, not
// in a silent success; a range download (no whole-blob digest to compare) is not checked.
func TestBlobDownloadDigestMismatch(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer()
	quirev1.RegisterBlobServiceServer(srv, corruptingBlobs{})
	go func() { _ = srv.Serve(l) }()
	defer srv.Stop()
	ctx := context.Background()
	c, err := quire.Dial(ctx, l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var out bytes.Buffer
	if _, _, err := c.Blobs().Get(ctx, "b", &out, quire.GetOptions{}); !errors.Is(err, quire.ErrDigestMismatch) {
		t.Fatalf("want DIGEST_MISMATCH, got %v", err)
	}
	out.Reset()
	if _, n, err := c.Blobs().Get(ctx, "b", &out, quire.GetOptions{Offset: 0, Length: 4}); err != nil || n != 16 {
		t.Fatalf("range download: %d bytes, %v", n, err)
	}
}
