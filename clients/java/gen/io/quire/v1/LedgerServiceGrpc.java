package io.quire.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class LedgerServiceGrpc {

  private LedgerServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "quire.v1.LedgerService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<io.quire.v1.CreateLedgerRequest,
      io.quire.v1.LedgerInfo> getCreateLedgerMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateLedger",
      requestType = io.quire.v1.CreateLedgerRequest.class,
      responseType = io.quire.v1.LedgerInfo.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.quire.v1.CreateLedgerRequest,
      io.quire.v1.LedgerInfo> getCreateLedgerMethod() {
    io.grpc.MethodDescriptor<io.quire.v1.CreateLedgerRequest, io.quire.v1.LedgerInfo> getCreateLedgerMethod;
    if ((getCreateLedgerMethod = LedgerServiceGrpc.getCreateLedgerMethod) == null) {
      synchronized (LedgerServiceGrpc.class) {
        if ((getCreateLedgerMethod = LedgerServiceGrpc.getCreateLedgerMethod) == null) {
          LedgerServiceGrpc.getCreateLedgerMethod = getCreateLedgerMethod =
              io.grpc.MethodDescriptor.<io.quire.v1.CreateLedgerRequest, io.quire.v1.LedgerInfo>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateLedger"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.CreateLedgerRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.LedgerInfo.getDefaultInstance()))
              .setSchemaDescriptor(new LedgerServiceMethodDescriptorSupplier("CreateLedger"))
              .build();
        }
      }
    }
    return getCreateLedgerMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.quire.v1.AppendRequest,
      io.quire.v1.DurabilityReceipt> getAppendMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Append",
      requestType = io.quire.v1.AppendRequest.class,
      responseType = io.quire.v1.DurabilityReceipt.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.quire.v1.AppendRequest,
      io.quire.v1.DurabilityReceipt> getAppendMethod() {
    io.grpc.MethodDescriptor<io.quire.v1.AppendRequest, io.quire.v1.DurabilityReceipt> getAppendMethod;
    if ((getAppendMethod = LedgerServiceGrpc.getAppendMethod) == null) {
      synchronized (LedgerServiceGrpc.class) {
        if ((getAppendMethod = LedgerServiceGrpc.getAppendMethod) == null) {
          LedgerServiceGrpc.getAppendMethod = getAppendMethod =
              io.grpc.MethodDescriptor.<io.quire.v1.AppendRequest, io.quire.v1.DurabilityReceipt>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Append"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.AppendRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.DurabilityReceipt.getDefaultInstance()))
              .setSchemaDescriptor(new LedgerServiceMethodDescriptorSupplier("Append"))
              .build();
        }
      }
    }
    return getAppendMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.quire.v1.AppendBatchRequest,
      io.quire.v1.AppendBatchResponse> getAppendBatchMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "AppendBatch",
      requestType = io.quire.v1.AppendBatchRequest.class,
      responseType = io.quire.v1.AppendBatchResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.quire.v1.AppendBatchRequest,
      io.quire.v1.AppendBatchResponse> getAppendBatchMethod() {
    io.grpc.MethodDescriptor<io.quire.v1.AppendBatchRequest, io.quire.v1.AppendBatchResponse> getAppendBatchMethod;
    if ((getAppendBatchMethod = LedgerServiceGrpc.getAppendBatchMethod) == null) {
      synchronized (LedgerServiceGrpc.class) {
        if ((getAppendBatchMethod = LedgerServiceGrpc.getAppendBatchMethod) == null) {
          LedgerServiceGrpc.getAppendBatchMethod = getAppendBatchMethod =
              io.grpc.MethodDescriptor.<io.quire.v1.AppendBatchRequest, io.quire.v1.AppendBatchResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "AppendBatch"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.AppendBatchRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.AppendBatchResponse.getDefaultInstance()))
              .setSchemaDescriptor(new LedgerServiceMethodDescriptorSupplier("AppendBatch"))
              .build();
        }
      }
    }
    return getAppendBatchMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.quire.v1.AppendStreamRequest,
      io.quire.v1.AppendStreamResponse> getAppendStreamMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "AppendStream",
      requestType = io.quire.v1.AppendStreamRequest.class,
      responseType = io.quire.v1.AppendStreamResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.BIDI_STREAMING)
  public static io.grpc.MethodDescriptor<io.quire.v1.AppendStreamRequest,
      io.quire.v1.AppendStreamResponse> getAppendStreamMethod() {
    io.grpc.MethodDescriptor<io.quire.v1.AppendStreamRequest, io.quire.v1.AppendStreamResponse> getAppendStreamMethod;
    if ((getAppendStreamMethod = LedgerServiceGrpc.getAppendStreamMethod) == null) {
      synchronized (LedgerServiceGrpc.class) {
        if ((getAppendStreamMethod = LedgerServiceGrpc.getAppendStreamMethod) == null) {
          LedgerServiceGrpc.getAppendStreamMethod = getAppendStreamMethod =
              io.grpc.MethodDescriptor.<io.quire.v1.AppendStreamRequest, io.quire.v1.AppendStreamResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.BIDI_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "AppendStream"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.AppendStreamRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.AppendStreamResponse.getDefaultInstance()))
              .setSchemaDescriptor(new LedgerServiceMethodDescriptorSupplier("AppendStream"))
              .build();
        }
      }
    }
    return getAppendStreamMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.quire.v1.ReadEntryRequest,
      io.quire.v1.Entry> getReadEntryMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ReadEntry",
      requestType = io.quire.v1.ReadEntryRequest.class,
      responseType = io.quire.v1.Entry.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.quire.v1.ReadEntryRequest,
      io.quire.v1.Entry> getReadEntryMethod() {
    io.grpc.MethodDescriptor<io.quire.v1.ReadEntryRequest, io.quire.v1.Entry> getReadEntryMethod;
    if ((getReadEntryMethod = LedgerServiceGrpc.getReadEntryMethod) == null) {
      synchronized (LedgerServiceGrpc.class) {
        if ((getReadEntryMethod = LedgerServiceGrpc.getReadEntryMethod) == null) {
          LedgerServiceGrpc.getReadEntryMethod = getReadEntryMethod =
              io.grpc.MethodDescriptor.<io.quire.v1.ReadEntryRequest, io.quire.v1.Entry>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ReadEntry"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.ReadEntryRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.Entry.getDefaultInstance()))
              .setSchemaDescriptor(new LedgerServiceMethodDescriptorSupplier("ReadEntry"))
              .build();
        }
      }
    }
    return getReadEntryMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.quire.v1.ReadRangeRequest,
      io.quire.v1.ReadRangeResponse> getReadRangeMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ReadRange",
      requestType = io.quire.v1.ReadRangeRequest.class,
      responseType = io.quire.v1.ReadRangeResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<io.quire.v1.ReadRangeRequest,
      io.quire.v1.ReadRangeResponse> getReadRangeMethod() {
    io.grpc.MethodDescriptor<io.quire.v1.ReadRangeRequest, io.quire.v1.ReadRangeResponse> getReadRangeMethod;
    if ((getReadRangeMethod = LedgerServiceGrpc.getReadRangeMethod) == null) {
      synchronized (LedgerServiceGrpc.class) {
        if ((getReadRangeMethod = LedgerServiceGrpc.getReadRangeMethod) == null) {
          LedgerServiceGrpc.getReadRangeMethod = getReadRangeMethod =
              io.grpc.MethodDescriptor.<io.quire.v1.ReadRangeRequest, io.quire.v1.ReadRangeResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ReadRange"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.ReadRangeRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.ReadRangeResponse.getDefaultInstance()))
              .setSchemaDescriptor(new LedgerServiceMethodDescriptorSupplier("ReadRange"))
              .build();
        }
      }
    }
    return getReadRangeMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.quire.v1.GetLastAddConfirmedRequest,
      io.quire.v1.GetLastAddConfirmedResponse> getGetLastAddConfirmedMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetLastAddConfirmed",
      requestType = io.quire.v1.GetLastAddConfirmedRequest.class,
      responseType = io.quire.v1.GetLastAddConfirmedResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.quire.v1.GetLastAddConfirmedRequest,
      io.quire.v1.GetLastAddConfirmedResponse> getGetLastAddConfirmedMethod() {
    io.grpc.MethodDescriptor<io.quire.v1.GetLastAddConfirmedRequest, io.quire.v1.GetLastAddConfirmedResponse> getGetLastAddConfirmedMethod;
    if ((getGetLastAddConfirmedMethod = LedgerServiceGrpc.getGetLastAddConfirmedMethod) == null) {
      synchronized (LedgerServiceGrpc.class) {
        if ((getGetLastAddConfirmedMethod = LedgerServiceGrpc.getGetLastAddConfirmedMethod) == null) {
          LedgerServiceGrpc.getGetLastAddConfirmedMethod = getGetLastAddConfirmedMethod =
              io.grpc.MethodDescriptor.<io.quire.v1.GetLastAddConfirmedRequest, io.quire.v1.GetLastAddConfirmedResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetLastAddConfirmed"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.GetLastAddConfirmedRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.GetLastAddConfirmedResponse.getDefaultInstance()))
              .setSchemaDescriptor(new LedgerServiceMethodDescriptorSupplier("GetLastAddConfirmed"))
              .build();
        }
      }
    }
    return getGetLastAddConfirmedMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.quire.v1.TailRequest,
      io.quire.v1.TailResponse> getTailMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Tail",
      requestType = io.quire.v1.TailRequest.class,
      responseType = io.quire.v1.TailResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<io.quire.v1.TailRequest,
      io.quire.v1.TailResponse> getTailMethod() {
    io.grpc.MethodDescriptor<io.quire.v1.TailRequest, io.quire.v1.TailResponse> getTailMethod;
    if ((getTailMethod = LedgerServiceGrpc.getTailMethod) == null) {
      synchronized (LedgerServiceGrpc.class) {
        if ((getTailMethod = LedgerServiceGrpc.getTailMethod) == null) {
          LedgerServiceGrpc.getTailMethod = getTailMethod =
              io.grpc.MethodDescriptor.<io.quire.v1.TailRequest, io.quire.v1.TailResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Tail"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.TailRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.TailResponse.getDefaultInstance()))
              .setSchemaDescriptor(new LedgerServiceMethodDescriptorSupplier("Tail"))
              .build();
        }
      }
    }
    return getTailMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.quire.v1.CloseRequest,
      io.quire.v1.SealResult> getCloseMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Close",
      requestType = io.quire.v1.CloseRequest.class,
      responseType = io.quire.v1.SealResult.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.quire.v1.CloseRequest,
      io.quire.v1.SealResult> getCloseMethod() {
    io.grpc.MethodDescriptor<io.quire.v1.CloseRequest, io.quire.v1.SealResult> getCloseMethod;
    if ((getCloseMethod = LedgerServiceGrpc.getCloseMethod) == null) {
      synchronized (LedgerServiceGrpc.class) {
        if ((getCloseMethod = LedgerServiceGrpc.getCloseMethod) == null) {
          LedgerServiceGrpc.getCloseMethod = getCloseMethod =
              io.grpc.MethodDescriptor.<io.quire.v1.CloseRequest, io.quire.v1.SealResult>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Close"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.CloseRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.SealResult.getDefaultInstance()))
              .setSchemaDescriptor(new LedgerServiceMethodDescriptorSupplier("Close"))
              .build();
        }
      }
    }
    return getCloseMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.quire.v1.RecoverRequest,
      io.quire.v1.SealResult> getRecoverMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Recover",
      requestType = io.quire.v1.RecoverRequest.class,
      responseType = io.quire.v1.SealResult.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.quire.v1.RecoverRequest,
      io.quire.v1.SealResult> getRecoverMethod() {
    io.grpc.MethodDescriptor<io.quire.v1.RecoverRequest, io.quire.v1.SealResult> getRecoverMethod;
    if ((getRecoverMethod = LedgerServiceGrpc.getRecoverMethod) == null) {
      synchronized (LedgerServiceGrpc.class) {
        if ((getRecoverMethod = LedgerServiceGrpc.getRecoverMethod) == null) {
          LedgerServiceGrpc.getRecoverMethod = getRecoverMethod =
              io.grpc.MethodDescriptor.<io.quire.v1.RecoverRequest, io.quire.v1.SealResult>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Recover"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.RecoverRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.SealResult.getDefaultInstance()))
              .setSchemaDescriptor(new LedgerServiceMethodDescriptorSupplier("Recover"))
              .build();
        }
      }
    }
    return getRecoverMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.quire.v1.DeleteRequest,
      io.quire.v1.DeleteResponse> getDeleteMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Delete",
      requestType = io.quire.v1.DeleteRequest.class,
      responseType = io.quire.v1.DeleteResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.quire.v1.DeleteRequest,
      io.quire.v1.DeleteResponse> getDeleteMethod() {
    io.grpc.MethodDescriptor<io.quire.v1.DeleteRequest, io.quire.v1.DeleteResponse> getDeleteMethod;
    if ((getDeleteMethod = LedgerServiceGrpc.getDeleteMethod) == null) {
      synchronized (LedgerServiceGrpc.class) {
        if ((getDeleteMethod = LedgerServiceGrpc.getDeleteMethod) == null) {
          LedgerServiceGrpc.getDeleteMethod = getDeleteMethod =
              io.grpc.MethodDescriptor.<io.quire.v1.DeleteRequest, io.quire.v1.DeleteResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Delete"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.DeleteRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.DeleteResponse.getDefaultInstance()))
              .setSchemaDescriptor(new LedgerServiceMethodDescriptorSupplier("Delete"))
              .build();
        }
      }
    }
    return getDeleteMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.quire.v1.ListRequest,
      io.quire.v1.ListResponse> getListMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "List",
      requestType = io.quire.v1.ListRequest.class,
      responseType = io.quire.v1.ListResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.quire.v1.ListRequest,
      io.quire.v1.ListResponse> getListMethod() {
    io.grpc.MethodDescriptor<io.quire.v1.ListRequest, io.quire.v1.ListResponse> getListMethod;
    if ((getListMethod = LedgerServiceGrpc.getListMethod) == null) {
      synchronized (LedgerServiceGrpc.class) {
        if ((getListMethod = LedgerServiceGrpc.getListMethod) == null) {
          LedgerServiceGrpc.getListMethod = getListMethod =
              io.grpc.MethodDescriptor.<io.quire.v1.ListRequest, io.quire.v1.ListResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "List"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.ListRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.ListResponse.getDefaultInstance()))
              .setSchemaDescriptor(new LedgerServiceMethodDescriptorSupplier("List"))
              .build();
        }
      }
    }
    return getListMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.quire.v1.GetMetadataRequest,
      io.quire.v1.LedgerInfo> getGetMetadataMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetMetadata",
      requestType = io.quire.v1.GetMetadataRequest.class,
      responseType = io.quire.v1.LedgerInfo.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.quire.v1.GetMetadataRequest,
      io.quire.v1.LedgerInfo> getGetMetadataMethod() {
    io.grpc.MethodDescriptor<io.quire.v1.GetMetadataRequest, io.quire.v1.LedgerInfo> getGetMetadataMethod;
    if ((getGetMetadataMethod = LedgerServiceGrpc.getGetMetadataMethod) == null) {
      synchronized (LedgerServiceGrpc.class) {
        if ((getGetMetadataMethod = LedgerServiceGrpc.getGetMetadataMethod) == null) {
          LedgerServiceGrpc.getGetMetadataMethod = getGetMetadataMethod =
              io.grpc.MethodDescriptor.<io.quire.v1.GetMetadataRequest, io.quire.v1.LedgerInfo>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetMetadata"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.GetMetadataRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.LedgerInfo.getDefaultInstance()))
              .setSchemaDescriptor(new LedgerServiceMethodDescriptorSupplier("GetMetadata"))
              .build();
        }
      }
    }
    return getGetMetadataMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static LedgerServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<LedgerServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<LedgerServiceStub>() {
        @java.lang.Override
        public LedgerServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new LedgerServiceStub(channel, callOptions);
        }
      };
    return LedgerServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static LedgerServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<LedgerServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<LedgerServiceBlockingV2Stub>() {
        @java.lang.Override
        public LedgerServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new LedgerServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return LedgerServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static LedgerServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<LedgerServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<LedgerServiceBlockingStub>() {
        @java.lang.Override
        public LedgerServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new LedgerServiceBlockingStub(channel, callOptions);
        }
      };
    return LedgerServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static LedgerServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<LedgerServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<LedgerServiceFutureStub>() {
        @java.lang.Override
        public LedgerServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new LedgerServiceFutureStub(channel, callOptions);
        }
      };
    return LedgerServiceFutureStub.newStub(factory, channel);
  }

  /**
   */
  public interface AsyncService {

    /**
     * <pre>
     * Creates a ledger on a fresh ensemble. Unset sizes and digest use the gateway's defaults.
     * The gateway instance that creates a ledger holds its write handle (single writer).
     * </pre>
     */
    default void createLedger(io.quire.v1.CreateLedgerRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.LedgerInfo> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateLedgerMethod(), responseObserver);
    }

    /**
     * <pre>
     * Appends one entry. The answer arrives only after at least ack_quorum_size bookies of the
     * entry's write set fsync'd it; the receipt names them. With expected_entry_id the append
     * happens only if the entry would get exactly that id (compare-and-append), else
     * FAILED_PRECONDITION and nothing is written. With (producer_id, sequence) a retry of an
     * acknowledged append - even through another gateway instance - returns the first receipt
     * (duplicate = true) instead of writing again; producer_id needs a ledger created with
     * ENTRY_FORMAT_ENVELOPE (on a raw ledger: FAILED_PRECONDITION, code EXACTLY_ONCE_NOT_ENABLED).
     * </pre>
     */
    default void append(io.quire.v1.AppendRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.DurabilityReceipt> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getAppendMethod(), responseObserver);
    }

    /**
     * <pre>
     * Appends entries with consecutive ids, all or nothing from the caller's view: on an error,
     * none of them was acknowledged. expected_entry_id applies to the first entry; the sequence
     * number applies to the first entry and counts up by one per entry.
     * </pre>
     */
    default void appendBatch(io.quire.v1.AppendBatchRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.AppendBatchResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getAppendBatchMethod(), responseObserver);
    }

    /**
     * <pre>
     * The high-throughput path: many appends on one stream, pipelined, acknowledged in the order
     * they were sent. Each request message carries one or more appends (each naming its ledger,
     * each an independent append - not a batch); each response carries one or more receipts, the
     * next ones in send order. Sending several appends per message and reading several receipts
     * per message is what makes the stream fast: per-message costs, not per-entry ones, dominate.
     * On the first failed append the stream ends with that error's status; every append
     * acknowledged before it is durable, appends sent after it have an unknown outcome (retry
     * them with the same producer_id/sequence to stay exactly-once). Trailing metadata
     * `quire-stream-acked` says how many appends the stream acknowledged. The gateway stops
     * reading (HTTP/2 flow control) while too many appends of the stream are in flight.
     * </pre>
     */
    default io.grpc.stub.StreamObserver<io.quire.v1.AppendStreamRequest> appendStream(
        io.grpc.stub.StreamObserver<io.quire.v1.AppendStreamResponse> responseObserver) {
      return io.grpc.stub.ServerCalls.asyncUnimplementedStreamingCall(getAppendStreamMethod(), responseObserver);
    }

    /**
     * <pre>
     * Reads one entry. Only confirmed entries (id &lt;= LAC) unless unconfirmed = true.
     * An entry beyond the LAC, or never written, is NOT_FOUND.
     * </pre>
     */
    default void readEntry(io.quire.v1.ReadEntryRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.Entry> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getReadEntryMethod(), responseObserver);
    }

    /**
     * <pre>
     * Streams entries [from_entry_id, to_entry_id] in order, in messages of at most max_bytes
     * (a single larger entry travels alone). The whole call is bounded: at most max_entries
     * entries (server-capped); the last message's next_entry_id says where to resume when the
     * range was cut short. Only confirmed entries unless unconfirmed = true. Stops when the
     * client cancels or its deadline passes; respects HTTP/2 flow control.
     * </pre>
     */
    default void readRange(io.quire.v1.ReadRangeRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.ReadRangeResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getReadRangeMethod(), responseObserver);
    }

    /**
     * <pre>
     * The last add confirmed; for a sealed (closed) ledger, its last entry.
     * </pre>
     */
    default void getLastAddConfirmed(io.quire.v1.GetLastAddConfirmedRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.GetLastAddConfirmedResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetLastAddConfirmedMethod(), responseObserver);
    }

    /**
     * <pre>
     * Follows a ledger: streams confirmed entries from from_entry_id on, long-polling the LAC for
     * new ones, in order, without gaps or duplicates. A message with no entries is a heartbeat
     * carrying the current LAC (sent after each long-poll wait that found nothing). The stream
     * ends with OK once the ledger is sealed and every entry up to its last one was sent; it
     * stops when the client cancels or its deadline passes. To resume after a broken stream,
     * call again with from_entry_id = the last received entry id + 1.
     * </pre>
     */
    default void tail(io.quire.v1.TailRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.TailResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getTailMethod(), responseObserver);
    }

    /**
     * <pre>
     * Writer's close: seals the ledger at its LAC. Closing a closed ledger returns its end again.
     * </pre>
     */
    default void close(io.quire.v1.CloseRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.SealResult> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCloseMethod(), responseObserver);
    }

    /**
     * <pre>
     * Fences the ledger (its writer, wherever it is, can add nothing more), recovers the entries
     * a quorum may hold, closes it and returns the sealed end. Safe to call on a closed ledger.
     * </pre>
     */
    default void recover(io.quire.v1.RecoverRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.SealResult> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRecoverMethod(), responseObserver);
    }

    /**
     * <pre>
     * Deletes the ledger (password checked); its entries become unreachable. Unknown ledger:
     * NOT_FOUND. The instance holding the write handle drops it first, so no append is acked after.
     * </pre>
     */
    default void delete(io.quire.v1.DeleteRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.DeleteResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteMethod(), responseObserver);
    }

    /**
     * <pre>
     * Ledger ids in ascending order, a page at a time (page_size is server-capped).
     * </pre>
     */
    default void list(io.quire.v1.ListRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.ListResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListMethod(), responseObserver);
    }

    /**
     * <pre>
     * The ledger's metadata and state.
     * </pre>
     */
    default void getMetadata(io.quire.v1.GetMetadataRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.LedgerInfo> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetMetadataMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service LedgerService.
   */
  public static abstract class LedgerServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return LedgerServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service LedgerService.
   */
  public static final class LedgerServiceStub
      extends io.grpc.stub.AbstractAsyncStub<LedgerServiceStub> {
    private LedgerServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected LedgerServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new LedgerServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a ledger on a fresh ensemble. Unset sizes and digest use the gateway's defaults.
     * The gateway instance that creates a ledger holds its write handle (single writer).
     * </pre>
     */
    public void createLedger(io.quire.v1.CreateLedgerRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.LedgerInfo> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateLedgerMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Appends one entry. The answer arrives only after at least ack_quorum_size bookies of the
     * entry's write set fsync'd it; the receipt names them. With expected_entry_id the append
     * happens only if the entry would get exactly that id (compare-and-append), else
     * FAILED_PRECONDITION and nothing is written. With (producer_id, sequence) a retry of an
     * acknowledged append - even through another gateway instance - returns the first receipt
     * (duplicate = true) instead of writing again; producer_id needs a ledger created with
     * ENTRY_FORMAT_ENVELOPE (on a raw ledger: FAILED_PRECONDITION, code EXACTLY_ONCE_NOT_ENABLED).
     * </pre>
     */
    public void append(io.quire.v1.AppendRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.DurabilityReceipt> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getAppendMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Appends entries with consecutive ids, all or nothing from the caller's view: on an error,
     * none of them was acknowledged. expected_entry_id applies to the first entry; the sequence
     * number applies to the first entry and counts up by one per entry.
     * </pre>
     */
    public void appendBatch(io.quire.v1.AppendBatchRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.AppendBatchResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getAppendBatchMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * The high-throughput path: many appends on one stream, pipelined, acknowledged in the order
     * they were sent. Each request message carries one or more appends (each naming its ledger,
     * each an independent append - not a batch); each response carries one or more receipts, the
     * next ones in send order. Sending several appends per message and reading several receipts
     * per message is what makes the stream fast: per-message costs, not per-entry ones, dominate.
     * On the first failed append the stream ends with that error's status; every append
     * acknowledged before it is durable, appends sent after it have an unknown outcome (retry
     * them with the same producer_id/sequence to stay exactly-once). Trailing metadata
     * `quire-stream-acked` says how many appends the stream acknowledged. The gateway stops
     * reading (HTTP/2 flow control) while too many appends of the stream are in flight.
     * </pre>
     */
    public io.grpc.stub.StreamObserver<io.quire.v1.AppendStreamRequest> appendStream(
        io.grpc.stub.StreamObserver<io.quire.v1.AppendStreamResponse> responseObserver) {
      return io.grpc.stub.ClientCalls.asyncBidiStreamingCall(
          getChannel().newCall(getAppendStreamMethod(), getCallOptions()), responseObserver);
    }

    /**
     * <pre>
     * Reads one entry. Only confirmed entries (id &lt;= LAC) unless unconfirmed = true.
     * An entry beyond the LAC, or never written, is NOT_FOUND.
     * </pre>
     */
    public void readEntry(io.quire.v1.ReadEntryRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.Entry> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getReadEntryMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Streams entries [from_entry_id, to_entry_id] in order, in messages of at most max_bytes
     * (a single larger entry travels alone). The whole call is bounded: at most max_entries
     * entries (server-capped); the last message's next_entry_id says where to resume when the
     * range was cut short. Only confirmed entries unless unconfirmed = true. Stops when the
     * client cancels or its deadline passes; respects HTTP/2 flow control.
     * </pre>
     */
    public void readRange(io.quire.v1.ReadRangeRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.ReadRangeResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getReadRangeMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * The last add confirmed; for a sealed (closed) ledger, its last entry.
     * </pre>
     */
    public void getLastAddConfirmed(io.quire.v1.GetLastAddConfirmedRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.GetLastAddConfirmedResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetLastAddConfirmedMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Follows a ledger: streams confirmed entries from from_entry_id on, long-polling the LAC for
     * new ones, in order, without gaps or duplicates. A message with no entries is a heartbeat
     * carrying the current LAC (sent after each long-poll wait that found nothing). The stream
     * ends with OK once the ledger is sealed and every entry up to its last one was sent; it
     * stops when the client cancels or its deadline passes. To resume after a broken stream,
     * call again with from_entry_id = the last received entry id + 1.
     * </pre>
     */
    public void tail(io.quire.v1.TailRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.TailResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getTailMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Writer's close: seals the ledger at its LAC. Closing a closed ledger returns its end again.
     * </pre>
     */
    public void close(io.quire.v1.CloseRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.SealResult> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCloseMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Fences the ledger (its writer, wherever it is, can add nothing more), recovers the entries
     * a quorum may hold, closes it and returns the sealed end. Safe to call on a closed ledger.
     * </pre>
     */
    public void recover(io.quire.v1.RecoverRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.SealResult> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRecoverMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Deletes the ledger (password checked); its entries become unreachable. Unknown ledger:
     * NOT_FOUND. The instance holding the write handle drops it first, so no append is acked after.
     * </pre>
     */
    public void delete(io.quire.v1.DeleteRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.DeleteResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Ledger ids in ascending order, a page at a time (page_size is server-capped).
     * </pre>
     */
    public void list(io.quire.v1.ListRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.ListResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * The ledger's metadata and state.
     * </pre>
     */
    public void getMetadata(io.quire.v1.GetMetadataRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.LedgerInfo> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetMetadataMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service LedgerService.
   */
  public static final class LedgerServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<LedgerServiceBlockingV2Stub> {
    private LedgerServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected LedgerServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new LedgerServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a ledger on a fresh ensemble. Unset sizes and digest use the gateway's defaults.
     * The gateway instance that creates a ledger holds its write handle (single writer).
     * </pre>
     */
    public io.quire.v1.LedgerInfo createLedger(io.quire.v1.CreateLedgerRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreateLedgerMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Appends one entry. The answer arrives only after at least ack_quorum_size bookies of the
     * entry's write set fsync'd it; the receipt names them. With expected_entry_id the append
     * happens only if the entry would get exactly that id (compare-and-append), else
     * FAILED_PRECONDITION and nothing is written. With (producer_id, sequence) a retry of an
     * acknowledged append - even through another gateway instance - returns the first receipt
     * (duplicate = true) instead of writing again; producer_id needs a ledger created with
     * ENTRY_FORMAT_ENVELOPE (on a raw ledger: FAILED_PRECONDITION, code EXACTLY_ONCE_NOT_ENABLED).
     * </pre>
     */
    public io.quire.v1.DurabilityReceipt append(io.quire.v1.AppendRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getAppendMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Appends entries with consecutive ids, all or nothing from the caller's view: on an error,
     * none of them was acknowledged. expected_entry_id applies to the first entry; the sequence
     * number applies to the first entry and counts up by one per entry.
     * </pre>
     */
    public io.quire.v1.AppendBatchResponse appendBatch(io.quire.v1.AppendBatchRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getAppendBatchMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * The high-throughput path: many appends on one stream, pipelined, acknowledged in the order
     * they were sent. Each request message carries one or more appends (each naming its ledger,
     * each an independent append - not a batch); each response carries one or more receipts, the
     * next ones in send order. Sending several appends per message and reading several receipts
     * per message is what makes the stream fast: per-message costs, not per-entry ones, dominate.
     * On the first failed append the stream ends with that error's status; every append
     * acknowledged before it is durable, appends sent after it have an unknown outcome (retry
     * them with the same producer_id/sequence to stay exactly-once). Trailing metadata
     * `quire-stream-acked` says how many appends the stream acknowledged. The gateway stops
     * reading (HTTP/2 flow control) while too many appends of the stream are in flight.
     * </pre>
     */
    @io.grpc.ExperimentalApi("https://github.com/grpc/grpc-java/issues/10918")
    public io.grpc.stub.BlockingClientCall<io.quire.v1.AppendStreamRequest, io.quire.v1.AppendStreamResponse>
        appendStream() {
      return io.grpc.stub.ClientCalls.blockingBidiStreamingCall(
          getChannel(), getAppendStreamMethod(), getCallOptions());
    }

    /**
     * <pre>
     * Reads one entry. Only confirmed entries (id &lt;= LAC) unless unconfirmed = true.
     * An entry beyond the LAC, or never written, is NOT_FOUND.
     * </pre>
     */
    public io.quire.v1.Entry readEntry(io.quire.v1.ReadEntryRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getReadEntryMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Streams entries [from_entry_id, to_entry_id] in order, in messages of at most max_bytes
     * (a single larger entry travels alone). The whole call is bounded: at most max_entries
     * entries (server-capped); the last message's next_entry_id says where to resume when the
     * range was cut short. Only confirmed entries unless unconfirmed = true. Stops when the
     * client cancels or its deadline passes; respects HTTP/2 flow control.
     * </pre>
     */
    @io.grpc.ExperimentalApi("https://github.com/grpc/grpc-java/issues/10918")
    public io.grpc.stub.BlockingClientCall<?, io.quire.v1.ReadRangeResponse>
        readRange(io.quire.v1.ReadRangeRequest request) {
      return io.grpc.stub.ClientCalls.blockingV2ServerStreamingCall(
          getChannel(), getReadRangeMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * The last add confirmed; for a sealed (closed) ledger, its last entry.
     * </pre>
     */
    public io.quire.v1.GetLastAddConfirmedResponse getLastAddConfirmed(io.quire.v1.GetLastAddConfirmedRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetLastAddConfirmedMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Follows a ledger: streams confirmed entries from from_entry_id on, long-polling the LAC for
     * new ones, in order, without gaps or duplicates. A message with no entries is a heartbeat
     * carrying the current LAC (sent after each long-poll wait that found nothing). The stream
     * ends with OK once the ledger is sealed and every entry up to its last one was sent; it
     * stops when the client cancels or its deadline passes. To resume after a broken stream,
     * call again with from_entry_id = the last received entry id + 1.
     * </pre>
     */
    @io.grpc.ExperimentalApi("https://github.com/grpc/grpc-java/issues/10918")
    public io.grpc.stub.BlockingClientCall<?, io.quire.v1.TailResponse>
        tail(io.quire.v1.TailRequest request) {
      return io.grpc.stub.ClientCalls.blockingV2ServerStreamingCall(
          getChannel(), getTailMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Writer's close: seals the ledger at its LAC. Closing a closed ledger returns its end again.
     * </pre>
     */
    public io.quire.v1.SealResult close(io.quire.v1.CloseRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCloseMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Fences the ledger (its writer, wherever it is, can add nothing more), recovers the entries
     * a quorum may hold, closes it and returns the sealed end. Safe to call on a closed ledger.
     * </pre>
     */
    public io.quire.v1.SealResult recover(io.quire.v1.RecoverRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getRecoverMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deletes the ledger (password checked); its entries become unreachable. Unknown ledger:
     * NOT_FOUND. The instance holding the write handle drops it first, so no append is acked after.
     * </pre>
     */
    public io.quire.v1.DeleteResponse delete(io.quire.v1.DeleteRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDeleteMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Ledger ids in ascending order, a page at a time (page_size is server-capped).
     * </pre>
     */
    public io.quire.v1.ListResponse list(io.quire.v1.ListRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * The ledger's metadata and state.
     * </pre>
     */
    public io.quire.v1.LedgerInfo getMetadata(io.quire.v1.GetMetadataRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetMetadataMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service LedgerService.
   */
  public static final class LedgerServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<LedgerServiceBlockingStub> {
    private LedgerServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected LedgerServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new LedgerServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a ledger on a fresh ensemble. Unset sizes and digest use the gateway's defaults.
     * The gateway instance that creates a ledger holds its write handle (single writer).
     * </pre>
     */
    public io.quire.v1.LedgerInfo createLedger(io.quire.v1.CreateLedgerRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateLedgerMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Appends one entry. The answer arrives only after at least ack_quorum_size bookies of the
     * entry's write set fsync'd it; the receipt names them. With expected_entry_id the append
     * happens only if the entry would get exactly that id (compare-and-append), else
     * FAILED_PRECONDITION and nothing is written. With (producer_id, sequence) a retry of an
     * acknowledged append - even through another gateway instance - returns the first receipt
     * (duplicate = true) instead of writing again; producer_id needs a ledger created with
     * ENTRY_FORMAT_ENVELOPE (on a raw ledger: FAILED_PRECONDITION, code EXACTLY_ONCE_NOT_ENABLED).
     * </pre>
     */
    public io.quire.v1.DurabilityReceipt append(io.quire.v1.AppendRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getAppendMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Appends entries with consecutive ids, all or nothing from the caller's view: on an error,
     * none of them was acknowledged. expected_entry_id applies to the first entry; the sequence
     * number applies to the first entry and counts up by one per entry.
     * </pre>
     */
    public io.quire.v1.AppendBatchResponse appendBatch(io.quire.v1.AppendBatchRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getAppendBatchMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Reads one entry. Only confirmed entries (id &lt;= LAC) unless unconfirmed = true.
     * An entry beyond the LAC, or never written, is NOT_FOUND.
     * </pre>
     */
    public io.quire.v1.Entry readEntry(io.quire.v1.ReadEntryRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getReadEntryMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Streams entries [from_entry_id, to_entry_id] in order, in messages of at most max_bytes
     * (a single larger entry travels alone). The whole call is bounded: at most max_entries
     * entries (server-capped); the last message's next_entry_id says where to resume when the
     * range was cut short. Only confirmed entries unless unconfirmed = true. Stops when the
     * client cancels or its deadline passes; respects HTTP/2 flow control.
     * </pre>
     */
    public java.util.Iterator<io.quire.v1.ReadRangeResponse> readRange(
        io.quire.v1.ReadRangeRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getReadRangeMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * The last add confirmed; for a sealed (closed) ledger, its last entry.
     * </pre>
     */
    public io.quire.v1.GetLastAddConfirmedResponse getLastAddConfirmed(io.quire.v1.GetLastAddConfirmedRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetLastAddConfirmedMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Follows a ledger: streams confirmed entries from from_entry_id on, long-polling the LAC for
     * new ones, in order, without gaps or duplicates. A message with no entries is a heartbeat
     * carrying the current LAC (sent after each long-poll wait that found nothing). The stream
     * ends with OK once the ledger is sealed and every entry up to its last one was sent; it
     * stops when the client cancels or its deadline passes. To resume after a broken stream,
     * call again with from_entry_id = the last received entry id + 1.
     * </pre>
     */
    public java.util.Iterator<io.quire.v1.TailResponse> tail(
        io.quire.v1.TailRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getTailMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Writer's close: seals the ledger at its LAC. Closing a closed ledger returns its end again.
     * </pre>
     */
    public io.quire.v1.SealResult close(io.quire.v1.CloseRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCloseMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Fences the ledger (its writer, wherever it is, can add nothing more), recovers the entries
     * a quorum may hold, closes it and returns the sealed end. Safe to call on a closed ledger.
     * </pre>
     */
    public io.quire.v1.SealResult recover(io.quire.v1.RecoverRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRecoverMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deletes the ledger (password checked); its entries become unreachable. Unknown ledger:
     * NOT_FOUND. The instance holding the write handle drops it first, so no append is acked after.
     * </pre>
     */
    public io.quire.v1.DeleteResponse delete(io.quire.v1.DeleteRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Ledger ids in ascending order, a page at a time (page_size is server-capped).
     * </pre>
     */
    public io.quire.v1.ListResponse list(io.quire.v1.ListRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * The ledger's metadata and state.
     * </pre>
     */
    public io.quire.v1.LedgerInfo getMetadata(io.quire.v1.GetMetadataRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetMetadataMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service LedgerService.
   */
  public static final class LedgerServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<LedgerServiceFutureStub> {
    private LedgerServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected LedgerServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new LedgerServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a ledger on a fresh ensemble. Unset sizes and digest use the gateway's defaults.
     * The gateway instance that creates a ledger holds its write handle (single writer).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.quire.v1.LedgerInfo> createLedger(
        io.quire.v1.CreateLedgerRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateLedgerMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Appends one entry. The answer arrives only after at least ack_quorum_size bookies of the
     * entry's write set fsync'd it; the receipt names them. With expected_entry_id the append
     * happens only if the entry would get exactly that id (compare-and-append), else
     * FAILED_PRECONDITION and nothing is written. With (producer_id, sequence) a retry of an
     * acknowledged append - even through another gateway instance - returns the first receipt
     * (duplicate = true) instead of writing again; producer_id needs a ledger created with
     * ENTRY_FORMAT_ENVELOPE (on a raw ledger: FAILED_PRECONDITION, code EXACTLY_ONCE_NOT_ENABLED).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.quire.v1.DurabilityReceipt> append(
        io.quire.v1.AppendRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getAppendMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Appends entries with consecutive ids, all or nothing from the caller's view: on an error,
     * none of them was acknowledged. expected_entry_id applies to the first entry; the sequence
     * number applies to the first entry and counts up by one per entry.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.quire.v1.AppendBatchResponse> appendBatch(
        io.quire.v1.AppendBatchRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getAppendBatchMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Reads one entry. Only confirmed entries (id &lt;= LAC) unless unconfirmed = true.
     * An entry beyond the LAC, or never written, is NOT_FOUND.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.quire.v1.Entry> readEntry(
        io.quire.v1.ReadEntryRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getReadEntryMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * The last add confirmed; for a sealed (closed) ledger, its last entry.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.quire.v1.GetLastAddConfirmedResponse> getLastAddConfirmed(
        io.quire.v1.GetLastAddConfirmedRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetLastAddConfirmedMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Writer's close: seals the ledger at its LAC. Closing a closed ledger returns its end again.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.quire.v1.SealResult> close(
        io.quire.v1.CloseRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCloseMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Fences the ledger (its writer, wherever it is, can add nothing more), recovers the entries
     * a quorum may hold, closes it and returns the sealed end. Safe to call on a closed ledger.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.quire.v1.SealResult> recover(
        io.quire.v1.RecoverRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRecoverMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Deletes the ledger (password checked); its entries become unreachable. Unknown ledger:
     * NOT_FOUND. The instance holding the write handle drops it first, so no append is acked after.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.quire.v1.DeleteResponse> delete(
        io.quire.v1.DeleteRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Ledger ids in ascending order, a page at a time (page_size is server-capped).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.quire.v1.ListResponse> list(
        io.quire.v1.ListRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * The ledger's metadata and state.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.quire.v1.LedgerInfo> getMetadata(
        io.quire.v1.GetMetadataRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetMetadataMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_CREATE_LEDGER = 0;
  private static final int METHODID_APPEND = 1;
  private static final int METHODID_APPEND_BATCH = 2;
  private static final int METHODID_READ_ENTRY = 3;
  private static final int METHODID_READ_RANGE = 4;
  private static final int METHODID_GET_LAST_ADD_CONFIRMED = 5;
  private static final int METHODID_TAIL = 6;
  private static final int METHODID_CLOSE = 7;
  private static final int METHODID_RECOVER = 8;
  private static final int METHODID_DELETE = 9;
  private static final int METHODID_LIST = 10;
  private static final int METHODID_GET_METADATA = 11;
  private static final int METHODID_APPEND_STREAM = 12;

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
        case METHODID_CREATE_LEDGER:
          serviceImpl.createLedger((io.quire.v1.CreateLedgerRequest) request,
              (io.grpc.stub.StreamObserver<io.quire.v1.LedgerInfo>) responseObserver);
          break;
        case METHODID_APPEND:
          serviceImpl.append((io.quire.v1.AppendRequest) request,
              (io.grpc.stub.StreamObserver<io.quire.v1.DurabilityReceipt>) responseObserver);
          break;
        case METHODID_APPEND_BATCH:
          serviceImpl.appendBatch((io.quire.v1.AppendBatchRequest) request,
              (io.grpc.stub.StreamObserver<io.quire.v1.AppendBatchResponse>) responseObserver);
          break;
        case METHODID_READ_ENTRY:
          serviceImpl.readEntry((io.quire.v1.ReadEntryRequest) request,
              (io.grpc.stub.StreamObserver<io.quire.v1.Entry>) responseObserver);
          break;
        case METHODID_READ_RANGE:
          serviceImpl.readRange((io.quire.v1.ReadRangeRequest) request,
              (io.grpc.stub.StreamObserver<io.quire.v1.ReadRangeResponse>) responseObserver);
          break;
        case METHODID_GET_LAST_ADD_CONFIRMED:
          serviceImpl.getLastAddConfirmed((io.quire.v1.GetLastAddConfirmedRequest) request,
              (io.grpc.stub.StreamObserver<io.quire.v1.GetLastAddConfirmedResponse>) responseObserver);
          break;
        case METHODID_TAIL:
          serviceImpl.tail((io.quire.v1.TailRequest) request,
              (io.grpc.stub.StreamObserver<io.quire.v1.TailResponse>) responseObserver);
          break;
        case METHODID_CLOSE:
          serviceImpl.close((io.quire.v1.CloseRequest) request,
              (io.grpc.stub.StreamObserver<io.quire.v1.SealResult>) responseObserver);
          break;
        case METHODID_RECOVER:
          serviceImpl.recover((io.quire.v1.RecoverRequest) request,
              (io.grpc.stub.StreamObserver<io.quire.v1.SealResult>) responseObserver);
          break;
        case METHODID_DELETE:
          serviceImpl.delete((io.quire.v1.DeleteRequest) request,
              (io.grpc.stub.StreamObserver<io.quire.v1.DeleteResponse>) responseObserver);
          break;
        case METHODID_LIST:
          serviceImpl.list((io.quire.v1.ListRequest) request,
              (io.grpc.stub.StreamObserver<io.quire.v1.ListResponse>) responseObserver);
          break;
        case METHODID_GET_METADATA:
          serviceImpl.getMetadata((io.quire.v1.GetMetadataRequest) request,
              (io.grpc.stub.StreamObserver<io.quire.v1.LedgerInfo>) responseObserver);
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
        case METHODID_APPEND_STREAM:
          return (io.grpc.stub.StreamObserver<Req>) serviceImpl.appendStream(
              (io.grpc.stub.StreamObserver<io.quire.v1.AppendStreamResponse>) responseObserver);
        default:
          throw new AssertionError();
      }
    }
  }

  public static final io.grpc.ServerServiceDefinition bindService(AsyncService service) {
    return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
        .addMethod(
          getCreateLedgerMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.quire.v1.CreateLedgerRequest,
              io.quire.v1.LedgerInfo>(
                service, METHODID_CREATE_LEDGER)))
        .addMethod(
          getAppendMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.quire.v1.AppendRequest,
              io.quire.v1.DurabilityReceipt>(
                service, METHODID_APPEND)))
        .addMethod(
          getAppendBatchMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.quire.v1.AppendBatchRequest,
              io.quire.v1.AppendBatchResponse>(
                service, METHODID_APPEND_BATCH)))
        .addMethod(
          getAppendStreamMethod(),
          io.grpc.stub.ServerCalls.asyncBidiStreamingCall(
            new MethodHandlers<
              io.quire.v1.AppendStreamRequest,
              io.quire.v1.AppendStreamResponse>(
                service, METHODID_APPEND_STREAM)))
        .addMethod(
          getReadEntryMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.quire.v1.ReadEntryRequest,
              io.quire.v1.Entry>(
                service, METHODID_READ_ENTRY)))
        .addMethod(
          getReadRangeMethod(),
          io.grpc.stub.ServerCalls.asyncServerStreamingCall(
            new MethodHandlers<
              io.quire.v1.ReadRangeRequest,
              io.quire.v1.ReadRangeResponse>(
                service, METHODID_READ_RANGE)))
        .addMethod(
          getGetLastAddConfirmedMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.quire.v1.GetLastAddConfirmedRequest,
              io.quire.v1.GetLastAddConfirmedResponse>(
                service, METHODID_GET_LAST_ADD_CONFIRMED)))
        .addMethod(
          getTailMethod(),
          io.grpc.stub.ServerCalls.asyncServerStreamingCall(
            new MethodHandlers<
              io.quire.v1.TailRequest,
              io.quire.v1.TailResponse>(
                service, METHODID_TAIL)))
        .addMethod(
          getCloseMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.quire.v1.CloseRequest,
              io.quire.v1.SealResult>(
                service, METHODID_CLOSE)))
        .addMethod(
          getRecoverMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.quire.v1.RecoverRequest,
              io.quire.v1.SealResult>(
                service, METHODID_RECOVER)))
        .addMethod(
          getDeleteMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.quire.v1.DeleteRequest,
              io.quire.v1.DeleteResponse>(
                service, METHODID_DELETE)))
        .addMethod(
          getListMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.quire.v1.ListRequest,
              io.quire.v1.ListResponse>(
                service, METHODID_LIST)))
        .addMethod(
          getGetMetadataMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.quire.v1.GetMetadataRequest,
              io.quire.v1.LedgerInfo>(
                service, METHODID_GET_METADATA)))
        .build();
  }

  private static abstract class LedgerServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    LedgerServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return io.quire.v1.Ledger.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("LedgerService");
    }
  }

  private static final class LedgerServiceFileDescriptorSupplier
      extends LedgerServiceBaseDescriptorSupplier {
    LedgerServiceFileDescriptorSupplier() {}
  }

  private static final class LedgerServiceMethodDescriptorSupplier
      extends LedgerServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    LedgerServiceMethodDescriptorSupplier(java.lang.String methodName) {
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
      synchronized (LedgerServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new LedgerServiceFileDescriptorSupplier())
              .addMethod(getCreateLedgerMethod())
              .addMethod(getAppendMethod())
              .addMethod(getAppendBatchMethod())
              .addMethod(getAppendStreamMethod())
              .addMethod(getReadEntryMethod())
              .addMethod(getReadRangeMethod())
              .addMethod(getGetLastAddConfirmedMethod())
              .addMethod(getTailMethod())
              .addMethod(getCloseMethod())
              .addMethod(getRecoverMethod())
              .addMethod(getDeleteMethod())
              .addMethod(getListMethod())
              .addMethod(getGetMetadataMethod())
              .build();
        }
      }
    }
    return result;
  }
}
