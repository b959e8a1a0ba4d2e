package io.quire.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class BlobServiceGrpc {

  private BlobServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "quire.v1.BlobService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<io.quire.v1.PutBlobRequest,
      io.quire.v1.PutBlobResponse> getPutBlobMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "PutBlob",
      requestType = io.quire.v1.PutBlobRequest.class,
      responseType = io.quire.v1.PutBlobResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.CLIENT_STREAMING)
  public static io.grpc.MethodDescriptor<io.quire.v1.PutBlobRequest,
      io.quire.v1.PutBlobResponse> getPutBlobMethod() {
    io.grpc.MethodDescriptor<io.quire.v1.PutBlobRequest, io.quire.v1.PutBlobResponse> getPutBlobMethod;
    if ((getPutBlobMethod = BlobServiceGrpc.getPutBlobMethod) == null) {
      synchronized (BlobServiceGrpc.class) {
        if ((getPutBlobMethod = BlobServiceGrpc.getPutBlobMethod) == null) {
          BlobServiceGrpc.getPutBlobMethod = getPutBlobMethod =
              io.grpc.MethodDescriptor.<io.quire.v1.PutBlobRequest, io.quire.v1.PutBlobResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.CLIENT_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "PutBlob"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.PutBlobRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.PutBlobResponse.getDefaultInstance()))
              .setSchemaDescriptor(new BlobServiceMethodDescriptorSupplier("PutBlob"))
              .build();
        }
      }
    }
    return getPutBlobMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.quire.v1.GetBlobRequest,
      io.quire.v1.GetBlobResponse> getGetBlobMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetBlob",
      requestType = io.quire.v1.GetBlobRequest.class,
      responseType = io.quire.v1.GetBlobResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<io.quire.v1.GetBlobRequest,
      io.quire.v1.GetBlobResponse> getGetBlobMethod() {
    io.grpc.MethodDescriptor<io.quire.v1.GetBlobRequest, io.quire.v1.GetBlobResponse> getGetBlobMethod;
    if ((getGetBlobMethod = BlobServiceGrpc.getGetBlobMethod) == null) {
      synchronized (BlobServiceGrpc.class) {
        if ((getGetBlobMethod = BlobServiceGrpc.getGetBlobMethod) == null) {
          BlobServiceGrpc.getGetBlobMethod = getGetBlobMethod =
              io.grpc.MethodDescriptor.<io.quire.v1.GetBlobRequest, io.quire.v1.GetBlobResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetBlob"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.GetBlobRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.GetBlobResponse.getDefaultInstance()))
              .setSchemaDescriptor(new BlobServiceMethodDescriptorSupplier("GetBlob"))
              .build();
        }
      }
    }
    return getGetBlobMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.quire.v1.StatBlobRequest,
      io.quire.v1.BlobInfo> getStatBlobMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "StatBlob",
      requestType = io.quire.v1.StatBlobRequest.class,
      responseType = io.quire.v1.BlobInfo.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.quire.v1.StatBlobRequest,
      io.quire.v1.BlobInfo> getStatBlobMethod() {
    io.grpc.MethodDescriptor<io.quire.v1.StatBlobRequest, io.quire.v1.BlobInfo> getStatBlobMethod;
    if ((getStatBlobMethod = BlobServiceGrpc.getStatBlobMethod) == null) {
      synchronized (BlobServiceGrpc.class) {
        if ((getStatBlobMethod = BlobServiceGrpc.getStatBlobMethod) == null) {
          BlobServiceGrpc.getStatBlobMethod = getStatBlobMethod =
              io.grpc.MethodDescriptor.<io.quire.v1.StatBlobRequest, io.quire.v1.BlobInfo>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "StatBlob"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.StatBlobRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.BlobInfo.getDefaultInstance()))
              .setSchemaDescriptor(new BlobServiceMethodDescriptorSupplier("StatBlob"))
              .build();
        }
      }
    }
    return getStatBlobMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.quire.v1.DeleteBlobRequest,
      io.quire.v1.DeleteBlobResponse> getDeleteBlobMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteBlob",
      requestType = io.quire.v1.DeleteBlobRequest.class,
      responseType = io.quire.v1.DeleteBlobResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.quire.v1.DeleteBlobRequest,
      io.quire.v1.DeleteBlobResponse> getDeleteBlobMethod() {
    io.grpc.MethodDescriptor<io.quire.v1.DeleteBlobRequest, io.quire.v1.DeleteBlobResponse> getDeleteBlobMethod;
    if ((getDeleteBlobMethod = BlobServiceGrpc.getDeleteBlobMethod) == null) {
      synchronized (BlobServiceGrpc.class) {
        if ((getDeleteBlobMethod = BlobServiceGrpc.getDeleteBlobMethod) == null) {
          BlobServiceGrpc.getDeleteBlobMethod = getDeleteBlobMethod =
              io.grpc.MethodDescriptor.<io.quire.v1.DeleteBlobRequest, io.quire.v1.DeleteBlobResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteBlob"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.DeleteBlobRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.DeleteBlobResponse.getDefaultInstance()))
              .setSchemaDescriptor(new BlobServiceMethodDescriptorSupplier("DeleteBlob"))
              .build();
        }
      }
    }
    return getDeleteBlobMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.quire.v1.ListBlobsRequest,
      io.quire.v1.ListBlobsResponse> getListBlobsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListBlobs",
      requestType = io.quire.v1.ListBlobsRequest.class,
      responseType = io.quire.v1.ListBlobsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.quire.v1.ListBlobsRequest,
      io.quire.v1.ListBlobsResponse> getListBlobsMethod() {
    io.grpc.MethodDescriptor<io.quire.v1.ListBlobsRequest, io.quire.v1.ListBlobsResponse> getListBlobsMethod;
    if ((getListBlobsMethod = BlobServiceGrpc.getListBlobsMethod) == null) {
      synchronized (BlobServiceGrpc.class) {
        if ((getListBlobsMethod = BlobServiceGrpc.getListBlobsMethod) == null) {
          BlobServiceGrpc.getListBlobsMethod = getListBlobsMethod =
              io.grpc.MethodDescriptor.<io.quire.v1.ListBlobsRequest, io.quire.v1.ListBlobsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListBlobs"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.ListBlobsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.ListBlobsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new BlobServiceMethodDescriptorSupplier("ListBlobs"))
              .build();
        }
      }
    }
    return getListBlobsMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static BlobServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<BlobServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<BlobServiceStub>() {
        @java.lang.Override
        public BlobServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new BlobServiceStub(channel, callOptions);
        }
      };
    return BlobServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static BlobServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<BlobServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<BlobServiceBlockingV2Stub>() {
        @java.lang.Override
        public BlobServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new BlobServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return BlobServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static BlobServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<BlobServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<BlobServiceBlockingStub>() {
        @java.lang.Override
        public BlobServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new BlobServiceBlockingStub(channel, callOptions);
        }
      };
    return BlobServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static BlobServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<BlobServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<BlobServiceFutureStub>() {
        @java.lang.Override
        public BlobServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new BlobServiceFutureStub(channel, callOptions);
        }
      };
    return BlobServiceFutureStub.newStub(factory, channel);
  }

  /**
   */
  public interface AsyncService {

    /**
     * <pre>
     * Client stream: the first message carries `header`, every later one `data` (any sizes; about
     * 1 MiB per message works well). The blob becomes visible only when the call succeeds; a
     * cancelled, failed or refused upload leaves nothing visible. Half-close to commit. An existing
     * blob of that name is replaced on commit (`replaced` = true) unless if_none_match is set.
     * The gateway reads the stream only as fast as bookies acknowledge (HTTP/2 flow control).
     * </pre>
     */
    default io.grpc.stub.StreamObserver<io.quire.v1.PutBlobRequest> putBlob(
        io.grpc.stub.StreamObserver<io.quire.v1.PutBlobResponse> responseObserver) {
      return io.grpc.stub.ServerCalls.asyncUnimplementedStreamingCall(getPutBlobMethod(), responseObserver);
    }

    /**
     * <pre>
     * Server stream: the first message carries `info`, then `data` in order (each at most one
     * chunk). offset/length select one byte range (OUT_OF_RANGE outside the blob).
     * </pre>
     */
    default void getBlob(io.quire.v1.GetBlobRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.GetBlobResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetBlobMethod(), responseObserver);
    }

    /**
     */
    default void statBlob(io.quire.v1.StatBlobRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.BlobInfo> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getStatBlobMethod(), responseObserver);
    }

    /**
     */
    default void deleteBlob(io.quire.v1.DeleteBlobRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.DeleteBlobResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteBlobMethod(), responseObserver);
    }

    /**
     * <pre>
     * Name order (UTF-8 bytes), optionally by prefix; page_size 1..1000 (0 = 100).
     * </pre>
     */
    default void listBlobs(io.quire.v1.ListBlobsRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.ListBlobsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListBlobsMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service BlobService.
   */
  public static abstract class BlobServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return BlobServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service BlobService.
   */
  public static final class BlobServiceStub
      extends io.grpc.stub.AbstractAsyncStub<BlobServiceStub> {
    private BlobServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected BlobServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new BlobServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Client stream: the first message carries `header`, every later one `data` (any sizes; about
     * 1 MiB per message works well). The blob becomes visible only when the call succeeds; a
     * cancelled, failed or refused upload leaves nothing visible. Half-close to commit. An existing
     * blob of that name is replaced on commit (`replaced` = true) unless if_none_match is set.
     * The gateway reads the stream only as fast as bookies acknowledge (HTTP/2 flow control).
     * </pre>
     */
    public io.grpc.stub.StreamObserver<io.quire.v1.PutBlobRequest> putBlob(
        io.grpc.stub.StreamObserver<io.quire.v1.PutBlobResponse> responseObserver) {
      return io.grpc.stub.ClientCalls.asyncClientStreamingCall(
          getChannel().newCall(getPutBlobMethod(), getCallOptions()), responseObserver);
    }

    /**
     * <pre>
     * Server stream: the first message carries `info`, then `data` in order (each at most one
     * chunk). offset/length select one byte range (OUT_OF_RANGE outside the blob).
     * </pre>
     */
    public void getBlob(io.quire.v1.GetBlobRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.GetBlobResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getGetBlobMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void statBlob(io.quire.v1.StatBlobRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.BlobInfo> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getStatBlobMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void deleteBlob(io.quire.v1.DeleteBlobRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.DeleteBlobResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteBlobMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Name order (UTF-8 bytes), optionally by prefix; page_size 1..1000 (0 = 100).
     * </pre>
     */
    public void listBlobs(io.quire.v1.ListBlobsRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.ListBlobsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListBlobsMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service BlobService.
   */
  public static final class BlobServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<BlobServiceBlockingV2Stub> {
    private BlobServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected BlobServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new BlobServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Client stream: the first message carries `header`, every later one `data` (any sizes; about
     * 1 MiB per message works well). The blob becomes visible only when the call succeeds; a
     * cancelled, failed or refused upload leaves nothing visible. Half-close to commit. An existing
     * blob of that name is replaced on commit (`replaced` = true) unless if_none_match is set.
     * The gateway reads the stream only as fast as bookies acknowledge (HTTP/2 flow control).
     * </pre>
     */
    @io.grpc.ExperimentalApi("https://github.com/grpc/grpc-java/issues/10918")
    public io.grpc.stub.BlockingClientCall<io.quire.v1.PutBlobRequest, io.quire.v1.PutBlobResponse>
        putBlob() {
      return io.grpc.stub.ClientCalls.blockingClientStreamingCall(
          getChannel(), getPutBlobMethod(), getCallOptions());
    }

    /**
     * <pre>
     * Server stream: the first message carries `info`, then `data` in order (each at most one
     * chunk). offset/length select one byte range (OUT_OF_RANGE outside the blob).
     * </pre>
     */
    @io.grpc.ExperimentalApi("https://github.com/grpc/grpc-java/issues/10918")
    public io.grpc.stub.BlockingClientCall<?, io.quire.v1.GetBlobResponse>
        getBlob(io.quire.v1.GetBlobRequest request) {
      return io.grpc.stub.ClientCalls.blockingV2ServerStreamingCall(
          getChannel(), getGetBlobMethod(), getCallOptions(), request);
    }

    /**
     */
    public io.quire.v1.BlobInfo statBlob(io.quire.v1.StatBlobRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getStatBlobMethod(), getCallOptions(), request);
    }

    /**
     */
    public io.quire.v1.DeleteBlobResponse deleteBlob(io.quire.v1.DeleteBlobRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDeleteBlobMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Name order (UTF-8 bytes), optionally by prefix; page_size 1..1000 (0 = 100).
     * </pre>
     */
    public io.quire.v1.ListBlobsResponse listBlobs(io.quire.v1.ListBlobsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListBlobsMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service BlobService.
   */
  public static final class BlobServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<BlobServiceBlockingStub> {
    private BlobServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected BlobServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new BlobServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Server stream: the first message carries `info`, then `data` in order (each at most one
     * chunk). offset/length select one byte range (OUT_OF_RANGE outside the blob).
     * </pre>
     */
    public java.util.Iterator<io.quire.v1.GetBlobResponse> getBlob(
        io.quire.v1.GetBlobRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getGetBlobMethod(), getCallOptions(), request);
    }

    /**
     */
    public io.quire.v1.BlobInfo statBlob(io.quire.v1.StatBlobRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getStatBlobMethod(), getCallOptions(), request);
    }

    /**
     */
    public io.quire.v1.DeleteBlobResponse deleteBlob(io.quire.v1.DeleteBlobRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteBlobMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Name order (UTF-8 bytes), optionally by prefix; page_size 1..1000 (0 = 100).
     * </pre>
     */
    public io.quire.v1.ListBlobsResponse listBlobs(io.quire.v1.ListBlobsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListBlobsMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service BlobService.
   */
  public static final class BlobServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<BlobServiceFutureStub> {
    private BlobServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected BlobServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new BlobServiceFutureStub(channel, callOptions);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<io.quire.v1.BlobInfo> statBlob(
        io.quire.v1.StatBlobRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getStatBlobMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<io.quire.v1.DeleteBlobResponse> deleteBlob(
        io.quire.v1.DeleteBlobRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteBlobMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Name order (UTF-8 bytes), optionally by prefix; page_size 1..1000 (0 = 100).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.quire.v1.ListBlobsResponse> listBlobs(
        io.quire.v1.ListBlobsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListBlobsMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_GET_BLOB = 0;
  private static final int METHODID_STAT_BLOB = 1;
  private static final int METHODID_DELETE_BLOB = 2;
  private static final int METHODID_LIST_BLOBS = 3;
  private static final int METHODID_PUT_BLOB = 4;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final AsyncService serviceImpl;
    private final int methodId;

    MethodHandlers(AsyncService serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_GET_BLOB:
          serviceImpl.getBlob((io.quire.v1.GetBlobRequest) request,
              (io.grpc.stub.StreamObserver<io.quire.v1.GetBlobResponse>) responseObserver);
          break;
        case METHODID_STAT_BLOB:
          serviceImpl.statBlob((io.quire.v1.StatBlobRequest) request,
              (io.grpc.stub.StreamObserver<io.quire.v1.BlobInfo>) responseObserver);
          break;
        case METHODID_DELETE_BLOB:
          serviceImpl.deleteBlob((io.quire.v1.DeleteBlobRequest) request,
              (io.grpc.stub.StreamObserver<io.quire.v1.DeleteBlobResponse>) responseObserver);
          break;
        case METHODID_LIST_BLOBS:
          serviceImpl.listBlobs((io.quire.v1.ListBlobsRequest) request,
              (io.grpc.stub.StreamObserver<io.quire.v1.ListBlobsResponse>) responseObserver);
          break;
        default:
          throw new AssertionError();
      }
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public io.grpc.stub.StreamObserver<Req> invoke(
        io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_PUT_BLOB:
          return (io.grpc.stub.StreamObserver<Req>) serviceImpl.putBlob(
              (io.grpc.stub.StreamObserver<io.quire.v1.PutBlobResponse>) responseObserver);
        default:
          throw new AssertionError();
      }
    }
  }

  public static final io.grpc.ServerServiceDefinition bindService(AsyncService service) {
    return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
        .addMethod(
          getPutBlobMethod(),
          io.grpc.stub.ServerCalls.asyncClientStreamingCall(
            new MethodHandlers<
              io.quire.v1.PutBlobRequest,
              io.quire.v1.PutBlobResponse>(
                service, METHODID_PUT_BLOB)))
        .addMethod(
          getGetBlobMethod(),
          io.grpc.stub.ServerCalls.asyncServerStreamingCall(
            new MethodHandlers<
              io.quire.v1.GetBlobRequest,
              io.quire.v1.GetBlobResponse>(
                service, METHODID_GET_BLOB)))
        .addMethod(
          getStatBlobMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.quire.v1.StatBlobRequest,
              io.quire.v1.BlobInfo>(
                service, METHODID_STAT_BLOB)))
        .addMethod(
          getDeleteBlobMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.quire.v1.DeleteBlobRequest,
              io.quire.v1.DeleteBlobResponse>(
                service, METHODID_DELETE_BLOB)))
        .addMethod(
          getListBlobsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.quire.v1.ListBlobsRequest,
              io.quire.v1.ListBlobsResponse>(
                service, METHODID_LIST_BLOBS)))
        .build();
  }

  private static abstract class BlobServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    BlobServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return io.quire.v1.Blob.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("BlobService");
    }
  }

  private static final class BlobServiceFileDescriptorSupplier
      extends BlobServiceBaseDescriptorSupplier {
    BlobServiceFileDescriptorSupplier() {}
  }

  private static final class BlobServiceMethodDescriptorSupplier
      extends BlobServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    BlobServiceMethodDescriptorSupplier(java.lang.String methodName) {
      this.methodName = methodName;
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.MethodDescriptor getMethodDescriptor() {
      return getServiceDescriptor().findMethodByName(methodName);
    }
  }

  private static volatile io.grpc.ServiceDescriptor serviceDescriptor;

  public static io.grpc.ServiceDescriptor getServiceDescriptor() {
    io.grpc.ServiceDescriptor result = serviceDescriptor;
    if (result == null) {
      synchronized (BlobServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new BlobServiceFileDescriptorSupplier())
              .addMethod(getPutBlobMethod())
              .addMethod(getGetBlobMethod())
              .addMethod(getStatBlobMethod())
              .addMethod(getDeleteBlobMethod())
              .addMethod(getListBlobsMethod())
              .build();
        }
      }
    }
    return result;
  }
}
