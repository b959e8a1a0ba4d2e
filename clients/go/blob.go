package quire

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"

	quirev1 "github.com/quire/quire/clients/go/gen/quire/v1"

	"google.golang.org/grpc"
)

// Blobs stores objects of any size in sealed ledgers (docs/blobs.md), streamed both ways with
// bounded memory: uploads go out in ChunkBytes pieces, downloads are written as they arrive.
type Blobs struct{ c *Client }

// Blobs returns the client's blob store.
func (c *Client) Blobs() *Blobs { return &Blobs{c: c} }

// ChunkBytes is the size of one upload message (about 1 MiB works well, blob.proto).
const ChunkBytes = 1 << 20

// PutOptions: SHA256 (32 bytes) is checked by the gateway before it commits, a mismatch refused
// with ErrBlobDigestMismatch and nothing stored; Size, when known, lets it refuse an oversized
// blob at once.
type PutOptions struct {
	ContentType string
	Metadata    map[string]string
	// IfNoneMatch: create only (ErrBlobExists when the name is taken).
	IfNoneMatch bool
	SHA256      []byte
	Size        *uint64
}

// PutResult is a committed upload.
type PutResult struct {
	Info     *quirev1.BlobInfo
	Replaced bool
}

// Put uploads r as blob name and returns once it is committed and visible. A failed upload
// leaves nothing visible; Put does not retry (r cannot be re-read), PutFile does.
func (b *Blobs) Put(ctx context.Context, name string, r io.Reader, o PutOptions) (PutResult, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := b.c.blobStub().PutBlob(ctx)
	if err != nil {
		return PutResult{}, fromGRPC(err, nil)
	}
	fail := func(err error) (PutResult, error) {
		// The gateway's answer, when the stream broke because it refused the upload.
		if _, rerr := stream.CloseAndRecv(); rerr != nil && !errors.Is(rerr, io.EOF) {
			return PutResult{}, fromGRPC(rerr, stream.Trailer())
		}
		return PutResult{}, err
	}
	header := &quirev1.PutBlobHeader{Name: name, ContentType: o.ContentType, Metadata: o.Metadata, IfNoneMatch: o.IfNoneMatch, Sha256: o.SHA256, Size: o.Size}
	if err := stream.Send(&quirev1.PutBlobRequest{Part: &quirev1.PutBlobRequest_Header{Header: header}}); err != nil {
		return fail(err)
	}
	for {
		// A fresh buffer per message: gRPC may hold a sent message after Send returns.
		buf := make([]byte, ChunkBytes)
		n, rerr := io.ReadFull(r, buf)
		if n > 0 {
			if err := stream.Send(&quirev1.PutBlobRequest{Part: &quirev1.PutBlobRequest_Data{Data: buf[:n]}}); err != nil {
				return fail(err)
			}
		}
		if rerr == io.EOF || rerr == io.ErrUnexpectedEOF {
			break
		}
		if rerr != nil {
			// Cancelling the call leaves nothing visible.
			cancel()
			return PutResult{}, rerr
		}
	}
	resp, err := stream.CloseAndRecv()
	if err != nil {
		return PutResult{}, fromGRPC(err, stream.Trailer())
	}
	return PutResult{Info: resp.GetInfo(), Replaced: resp.GetReplaced()}, nil
}

// PutFile uploads a file with its SHA-256 (read once first) and size, so the gateway refuses a
// file that changed meanwhile. Retryable failures are retried (the file is opened again).
func (b *Blobs) PutFile(ctx context.Context, name, path string, o PutOptions) (PutResult, error) {
	f, err := os.Open(path)
	if err != nil {
		return PutResult{}, err
	}
	h := sha256.New()
	size, err := io.Copy(h, f)
	f.Close()
	if err != nil {
		return PutResult{}, err
	}
	o.SHA256 = h.Sum(nil)
	sz := uint64(size)
	o.Size = &sz
	var res PutResult
	err = retry(ctx, b.c.cfg.retry, func() error {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		res, err = b.Put(ctx, name, f, o)
		return err
	})
	return res, err
}

// PutBytes uploads data with its SHA-256.
func (b *Blobs) PutBytes(ctx context.Context, name string, data []byte, o PutOptions) (PutResult, error) {
	if o.SHA256 == nil {
		d := sha256.Sum256(data)
		o.SHA256 = d[:]
	}
	sz := uint64(len(data))
	o.Size = &sz
	var res PutResult
	err := retry(ctx, b.c.cfg.retry, func() (err error) {
		res, err = b.Put(ctx, name, bytes.NewReader(data), o)
		return err
	})
	return res, err
}

// GetOptions select a byte range (Length 0 = to the end).
type GetOptions struct {
	Offset uint64
	Length uint64
}

// BlobReader streams a download. For a whole-blob download it checks the bytes against the
// blob's SHA-256 at the end: Read returns ErrDigestMismatch's code instead of io.EOF when they
// differ.
type BlobReader struct {
	Info   *quirev1.BlobInfo
	stream grpc.ServerStreamingClient[quirev1.GetBlobResponse]
	cancel context.CancelFunc
	rest   []byte
	hash   hash.Hash
	err    error
}

// Open starts a download: the blob's info first (errors before any byte, retried when
// retryable), then the bytes through Read. Close it when done.
func (b *Blobs) Open(ctx context.Context, name string, o GetOptions) (*BlobReader, error) {
	var br *BlobReader
	err := retry(ctx, b.c.cfg.retry, func() error {
		sctx, cancel := context.WithCancel(ctx)
		stream, err := b.c.blobStub().GetBlob(sctx, &quirev1.GetBlobRequest{Name: name, Offset: o.Offset, Length: o.Length})
		if err != nil {
			cancel()
			return fromGRPC(err, nil)
		}
		first, err := stream.Recv()
		if err != nil {
			cancel()
			return fromGRPC(err, stream.Trailer())
		}
		info := first.GetInfo()
		if info == nil {
			cancel()
			return &Error{Code: "INTERNAL", Message: "the blob stream did not start with its info"}
		}
		br = &BlobReader{Info: info, stream: stream, cancel: cancel}
		if o.Offset == 0 && (o.Length == 0 || o.Length >= info.GetSize()) {
			br.hash = sha256.New()
		}
		return nil
	})
	return br, err
}

func (r *BlobReader) Read(p []byte) (int, error) {
	for len(r.rest) == 0 {
		if r.err != nil {
			return 0, r.err
		}
		msg, err := r.stream.Recv()
		if err == io.EOF {
			r.err = io.EOF
			if r.hash != nil && hex.EncodeToString(r.hash.Sum(nil)) != r.Info.GetSha256() {
				r.err = &Error{Code: ErrDigestMismatch.Code, Message: fmt.Sprintf("downloaded bytes of %s do not match its sha-256", r.Info.GetName())}
			}
			continue
		}
		if err != nil {
			r.err = fromGRPC(err, r.stream.Trailer())
			continue
		}
		r.rest = msg.GetData()
		if r.hash != nil {
			r.hash.Write(r.rest)
		}
	}
	n := copy(p, r.rest)
	r.rest = r.rest[n:]
	return n, nil
}

// Close ends the download.
func (r *BlobReader) Close() error {
	r.cancel()
	return nil
}

// Get downloads blob name into w (with its checks, see BlobReader) and returns its info and the
// bytes written.
func (b *Blobs) Get(ctx context.Context, name string, w io.Writer, o GetOptions) (*quirev1.BlobInfo, int64, error) {
	r, err := b.Open(ctx, name, o)
	if err != nil {
		return nil, 0, err
	}
	defer r.Close()
	n, err := io.Copy(w, r)
	return r.Info, n, err
}

// Stat returns the blob's info (ErrBlobNotFound when there is none).
func (b *Blobs) Stat(ctx context.Context, name string) (*quirev1.BlobInfo, error) {
	var info *quirev1.BlobInfo
	err := b.c.retried(ctx, func(ctx context.Context, opt grpc.CallOption) (err error) {
		info, err = b.c.blobStub().StatBlob(ctx, &quirev1.StatBlobRequest{Name: name}, opt)
		return err
	})
	return info, err
}

// Delete deletes the blob.
func (b *Blobs) Delete(ctx context.Context, name string) error {
	return b.c.retried(ctx, func(ctx context.Context, opt grpc.CallOption) error {
		_, err := b.c.blobStub().DeleteBlob(ctx, &quirev1.DeleteBlobRequest{Name: name}, opt)
		return err
	})
}

// List returns one page of blobs in name order (pageToken "" starts; the returned token continues,
// "" at the end).
func (b *Blobs) List(ctx context.Context, prefix string, pageSize uint32, pageToken string) ([]*quirev1.BlobInfo, string, error) {
	var resp *quirev1.ListBlobsResponse
	err := b.c.retried(ctx, func(ctx context.Context, opt grpc.CallOption) (err error) {
		resp, err = b.c.blobStub().ListBlobs(ctx, &quirev1.ListBlobsRequest{Prefix: prefix, PageSize: pageSize, PageToken: pageToken}, opt)
		return err
	})
	return resp.GetBlobs(), resp.GetNextPageToken(), err
}
