package io.quire.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class LogServiceGrpc {

  private LogServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "quire.v1.LogService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<io.quire.v1.CreateLogRequest,
      io.quire.v1.LogInfo> getCreateLogMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateLog",
      requestType = io.quire.v1.CreateLogRequest.class,
      responseType = io.quire.v1.LogInfo.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.quire.v1.CreateLogRequest,
      io.quire.v1.LogInfo> getCreateLogMethod() {
    io.grpc.MethodDescriptor<io.quire.v1.CreateLogRequest, io.quire.v1.LogInfo> getCreateLogMethod;
    if ((getCreateLogMethod = LogServiceGrpc.getCreateLogMethod) == null) {
      synchronized (LogServiceGrpc.class) {
        if ((getCreateLogMethod = LogServiceGrpc.getCreateLogMethod) == null) {
          LogServiceGrpc.getCreateLogMethod = getCreateLogMethod =
              io.grpc.MethodDescriptor.<io.quire.v1.CreateLogRequest, io.quire.v1.LogInfo>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateLog"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.CreateLogRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.LogInfo.getDefaultInstance()))
              .setSchemaDescriptor(new LogServiceMethodDescriptorSupplier("CreateLog"))
              .build();
        }
      }
    }
    return getCreateLogMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.quire.v1.GetLogRequest,
      io.quire.v1.LogInfo> getGetLogMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetLog",
      requestType = io.quire.v1.GetLogRequest.class,
      responseType = io.quire.v1.LogInfo.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.quire.v1.GetLogRequest,
      io.quire.v1.LogInfo> getGetLogMethod() {
    io.grpc.MethodDescriptor<io.quire.v1.GetLogRequest, io.quire.v1.LogInfo> getGetLogMethod;
    if ((getGetLogMethod = LogServiceGrpc.getGetLogMethod) == null) {
      synchronized (LogServiceGrpc.class) {
        if ((getGetLogMethod = LogServiceGrpc.getGetLogMethod) == null) {
          LogServiceGrpc.getGetLogMethod = getGetLogMethod =
              io.grpc.MethodDescriptor.<io.quire.v1.GetLogRequest, io.quire.v1.LogInfo>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetLog"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.GetLogRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.LogInfo.getDefaultInstance()))
              .setSchemaDescriptor(new LogServiceMethodDescriptorSupplier("GetLog"))
              .build();
        }
      }
    }
    return getGetLogMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.quire.v1.DeleteLogRequest,
      io.quire.v1.DeleteLogResponse> getDeleteLogMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteLog",
      requestType = io.quire.v1.DeleteLogRequest.class,
      responseType = io.quire.v1.DeleteLogResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.quire.v1.DeleteLogRequest,
      io.quire.v1.DeleteLogResponse> getDeleteLogMethod() {
    io.grpc.MethodDescriptor<io.quire.v1.DeleteLogRequest, io.quire.v1.DeleteLogResponse> getDeleteLogMethod;
    if ((getDeleteLogMethod = LogServiceGrpc.getDeleteLogMethod) == null) {
      synchronized (LogServiceGrpc.class) {
        if ((getDeleteLogMethod = LogServiceGrpc.getDeleteLogMethod) == null) {
          LogServiceGrpc.getDeleteLogMethod = getDeleteLogMethod =
              io.grpc.MethodDescriptor.<io.quire.v1.DeleteLogRequest, io.quire.v1.DeleteLogResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteLog"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.DeleteLogRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.DeleteLogResponse.getDefaultInstance()))
              .setSchemaDescriptor(new LogServiceMethodDescriptorSupplier("DeleteLog"))
              .build();
        }
      }
    }
    return getDeleteLogMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.quire.v1.ListLogsRequest,
      io.quire.v1.ListLogsResponse> getListLogsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListLogs",
      requestType = io.quire.v1.ListLogsRequest.class,
      responseType = io.quire.v1.ListLogsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.quire.v1.ListLogsRequest,
      io.quire.v1.ListLogsResponse> getListLogsMethod() {
    io.grpc.MethodDescriptor<io.quire.v1.ListLogsRequest, io.quire.v1.ListLogsResponse> getListLogsMethod;
    if ((getListLogsMethod = LogServiceGrpc.getListLogsMethod) == null) {
      synchronized (LogServiceGrpc.class) {
        if ((getListLogsMethod = LogServiceGrpc.getListLogsMethod) == null) {
          LogServiceGrpc.getListLogsMethod = getListLogsMethod =
              io.grpc.MethodDescriptor.<io.quire.v1.ListLogsRequest, io.quire.v1.ListLogsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListLogs"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.ListLogsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.ListLogsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new LogServiceMethodDescriptorSupplier("ListLogs"))
              .build();
        }
      }
    }
    return getListLogsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.quire.v1.LogAppendRequest,
      io.quire.v1.LogAppendResponse> getAppendMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Append",
      requestType = io.quire.v1.LogAppendRequest.class,
      responseType = io.quire.v1.LogAppendResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.quire.v1.LogAppendRequest,
      io.quire.v1.LogAppendResponse> getAppendMethod() {
    io.grpc.MethodDescriptor<io.quire.v1.LogAppendRequest, io.quire.v1.LogAppendResponse> getAppendMethod;
    if ((getAppendMethod = LogServiceGrpc.getAppendMethod) == null) {
      synchronized (LogServiceGrpc.class) {
        if ((getAppendMethod = LogServiceGrpc.getAppendMethod) == null) {
          LogServiceGrpc.getAppendMethod = getAppendMethod =
              io.grpc.MethodDescriptor.<io.quire.v1.LogAppendRequest, io.quire.v1.LogAppendResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Append"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.LogAppendRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.LogAppendResponse.getDefaultInstance()))
              .setSchemaDescriptor(new LogServiceMethodDescriptorSupplier("Append"))
              .build();
        }
      }
    }
    return getAppendMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.quire.v1.LogAppendRequest,
      io.quire.v1.LogAppendResponse> getAppendStreamMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "AppendStream",
      requestType = io.quire.v1.LogAppendRequest.class,
      responseType = io.quire.v1.LogAppendResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.BIDI_STREAMING)
  public static io.grpc.MethodDescriptor<io.quire.v1.LogAppendRequest,
      io.quire.v1.LogAppendResponse> getAppendStreamMethod() {
    io.grpc.MethodDescriptor<io.quire.v1.LogAppendRequest, io.quire.v1.LogAppendResponse> getAppendStreamMethod;
    if ((getAppendStreamMethod = LogServiceGrpc.getAppendStreamMethod) == null) {
      synchronized (LogServiceGrpc.class) {
        if ((getAppendStreamMethod = LogServiceGrpc.getAppendStreamMethod) == null) {
          LogServiceGrpc.getAppendStreamMethod = getAppendStreamMethod =
              io.grpc.MethodDescriptor.<io.quire.v1.LogAppendRequest, io.quire.v1.LogAppendResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.BIDI_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "AppendStream"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.LogAppendRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.LogAppendResponse.getDefaultInstance()))
              .setSchemaDescriptor(new LogServiceMethodDescriptorSupplier("AppendStream"))
              .build();
        }
      }
    }
    return getAppendStreamMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.quire.v1.LogReadRequest,
      io.quire.v1.LogReadResponse> getReadMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Read",
      requestType = io.quire.v1.LogReadRequest.class,
      responseType = io.quire.v1.LogReadResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.quire.v1.LogReadRequest,
      io.quire.v1.LogReadResponse> getReadMethod() {
    io.grpc.MethodDescriptor<io.quire.v1.LogReadRequest, io.quire.v1.LogReadResponse> getReadMethod;
    if ((getReadMethod = LogServiceGrpc.getReadMethod) == null) {
      synchronized (LogServiceGrpc.class) {
        if ((getReadMethod = LogServiceGrpc.getReadMethod) == null) {
          LogServiceGrpc.getReadMethod = getReadMethod =
              io.grpc.MethodDescriptor.<io.quire.v1.LogReadRequest, io.quire.v1.LogReadResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Read"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.LogReadRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.LogReadResponse.getDefaultInstance()))
              .setSchemaDescriptor(new LogServiceMethodDescriptorSupplier("Read"))
              .build();
        }
      }
    }
    return getReadMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.quire.v1.LogTailRequest,
      io.quire.v1.LogReadResponse> getTailMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Tail",
      requestType = io.quire.v1.LogTailRequest.class,
      responseType = io.quire.v1.LogReadResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<io.quire.v1.LogTailRequest,
      io.quire.v1.LogReadResponse> getTailMethod() {
    io.grpc.MethodDescriptor<io.quire.v1.LogTailRequest, io.quire.v1.LogReadResponse> getTailMethod;
    if ((getTailMethod = LogServiceGrpc.getTailMethod) == null) {
      synchronized (LogServiceGrpc.class) {
        if ((getTailMethod = LogServiceGrpc.getTailMethod) == null) {
          LogServiceGrpc.getTailMethod = getTailMethod =
              io.grpc.MethodDescriptor.<io.quire.v1.LogTailRequest, io.quire.v1.LogReadResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Tail"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.LogTailRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.LogReadResponse.getDefaultInstance()))
              .setSchemaDescriptor(new LogServiceMethodDescriptorSupplier("Tail"))
              .build();
        }
      }
    }
    return getTailMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.quire.v1.SeekByTimestampRequest,
      io.quire.v1.SeekByTimestampResponse> getSeekByTimestampMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SeekByTimestamp",
      requestType = io.quire.v1.SeekByTimestampRequest.class,
      responseType = io.quire.v1.SeekByTimestampResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.quire.v1.SeekByTimestampRequest,
      io.quire.v1.SeekByTimestampResponse> getSeekByTimestampMethod() {
    io.grpc.MethodDescriptor<io.quire.v1.SeekByTimestampRequest, io.quire.v1.SeekByTimestampResponse> getSeekByTimestampMethod;
    if ((getSeekByTimestampMethod = LogServiceGrpc.getSeekByTimestampMethod) == null) {
      synchronized (LogServiceGrpc.class) {
        if ((getSeekByTimestampMethod = LogServiceGrpc.getSeekByTimestampMethod) == null) {
          LogServiceGrpc.getSeekByTimestampMethod = getSeekByTimestampMethod =
              io.grpc.MethodDescriptor.<io.quire.v1.SeekByTimestampRequest, io.quire.v1.SeekByTimestampResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SeekByTimestamp"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.SeekByTimestampRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.SeekByTimestampResponse.getDefaultInstance()))
              .setSchemaDescriptor(new LogServiceMethodDescriptorSupplier("SeekByTimestamp"))
              .build();
        }
      }
    }
    return getSeekByTimestampMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.quire.v1.TruncateLogRequest,
      io.quire.v1.TruncateLogResponse> getTruncateMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Truncate",
      requestType = io.quire.v1.TruncateLogRequest.class,
      responseType = io.quire.v1.TruncateLogResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.quire.v1.TruncateLogRequest,
      io.quire.v1.TruncateLogResponse> getTruncateMethod() {
    io.grpc.MethodDescriptor<io.quire.v1.TruncateLogRequest, io.quire.v1.TruncateLogResponse> getTruncateMethod;
    if ((getTruncateMethod = LogServiceGrpc.getTruncateMethod) == null) {
      synchronized (LogServiceGrpc.class) {
        if ((getTruncateMethod = LogServiceGrpc.getTruncateMethod) == null) {
          LogServiceGrpc.getTruncateMethod = getTruncateMethod =
              io.grpc.MethodDescriptor.<io.quire.v1.TruncateLogRequest, io.quire.v1.TruncateLogResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Truncate"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.TruncateLogRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.TruncateLogResponse.getDefaultInstance()))
              .setSchemaDescriptor(new LogServiceMethodDescriptorSupplier("Truncate"))
              .build();
        }
      }
    }
    return getTruncateMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.quire.v1.EnforceRetentionRequest,
      io.quire.v1.TruncateLogResponse> getEnforceRetentionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "EnforceRetention",
      requestType = io.quire.v1.EnforceRetentionRequest.class,
      responseType = io.quire.v1.TruncateLogResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.quire.v1.EnforceRetentionRequest,
      io.quire.v1.TruncateLogResponse> getEnforceRetentionMethod() {
    io.grpc.MethodDescriptor<io.quire.v1.EnforceRetentionRequest, io.quire.v1.TruncateLogResponse> getEnforceRetentionMethod;
    if ((getEnforceRetentionMethod = LogServiceGrpc.getEnforceRetentionMethod) == null) {
      synchronized (LogServiceGrpc.class) {
        if ((getEnforceRetentionMethod = LogServiceGrpc.getEnforceRetentionMethod) == null) {
          LogServiceGrpc.getEnforceRetentionMethod = getEnforceRetentionMethod =
              io.grpc.MethodDescriptor.<io.quire.v1.EnforceRetentionRequest, io.quire.v1.TruncateLogResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "EnforceRetention"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.EnforceRetentionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.TruncateLogResponse.getDefaultInstance()))
              .setSchemaDescriptor(new LogServiceMethodDescriptorSupplier("EnforceRetention"))
              .build();
        }
      }
    }
    return getEnforceRetentionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.quire.v1.ListCursorsRequest,
      io.quire.v1.ListCursorsResponse> getListCursorsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListCursors",
      requestType = io.quire.v1.ListCursorsRequest.class,
      responseType = io.quire.v1.ListCursorsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.quire.v1.ListCursorsRequest,
      io.quire.v1.ListCursorsResponse> getListCursorsMethod() {
    io.grpc.MethodDescriptor<io.quire.v1.ListCursorsRequest, io.quire.v1.ListCursorsResponse> getListCursorsMethod;
    if ((getListCursorsMethod = LogServiceGrpc.getListCursorsMethod) == null) {
      synchronized (LogServiceGrpc.class) {
        if ((getListCursorsMethod = LogServiceGrpc.getListCursorsMethod) == null) {
          LogServiceGrpc.getListCursorsMethod = getListCursorsMethod =
              io.grpc.MethodDescriptor.<io.quire.v1.ListCursorsRequest, io.quire.v1.ListCursorsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListCursors"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.ListCursorsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.ListCursorsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new LogServiceMethodDescriptorSupplier("ListCursors"))
              .build();
        }
      }
    }
    return getListCursorsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.quire.v1.GetCursorRequest,
      io.quire.v1.Cursor> getGetCursorMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetCursor",
      requestType = io.quire.v1.GetCursorRequest.class,
      responseType = io.quire.v1.Cursor.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.quire.v1.GetCursorRequest,
      io.quire.v1.Cursor> getGetCursorMethod() {
    io.grpc.MethodDescriptor<io.quire.v1.GetCursorRequest, io.quire.v1.Cursor> getGetCursorMethod;
    if ((getGetCursorMethod = LogServiceGrpc.getGetCursorMethod) == null) {
      synchronized (LogServiceGrpc.class) {
        if ((getGetCursorMethod = LogServiceGrpc.getGetCursorMethod) == null) {
          LogServiceGrpc.getGetCursorMethod = getGetCursorMethod =
              io.grpc.MethodDescriptor.<io.quire.v1.GetCursorRequest, io.quire.v1.Cursor>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetCursor"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.GetCursorRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.Cursor.getDefaultInstance()))
              .setSchemaDescriptor(new LogServiceMethodDescriptorSupplier("GetCursor"))
              .build();
        }
      }
    }
    return getGetCursorMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.quire.v1.SetCursorRequest,
      io.quire.v1.Cursor> getSetCursorMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SetCursor",
      requestType = io.quire.v1.SetCursorRequest.class,
      responseType = io.quire.v1.Cursor.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.quire.v1.SetCursorRequest,
      io.quire.v1.Cursor> getSetCursorMethod() {
    io.grpc.MethodDescriptor<io.quire.v1.SetCursorRequest, io.quire.v1.Cursor> getSetCursorMethod;
    if ((getSetCursorMethod = LogServiceGrpc.getSetCursorMethod) == null) {
      synchronized (LogServiceGrpc.class) {
        if ((getSetCursorMethod = LogServiceGrpc.getSetCursorMethod) == null) {
          LogServiceGrpc.getSetCursorMethod = getSetCursorMethod =
              io.grpc.MethodDescriptor.<io.quire.v1.SetCursorRequest, io.quire.v1.Cursor>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SetCursor"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.SetCursorRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.Cursor.getDefaultInstance()))
              .setSchemaDescriptor(new LogServiceMethodDescriptorSupplier("SetCursor"))
              .build();
        }
      }
    }
    return getSetCursorMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.quire.v1.AdvanceCursorRequest,
      io.quire.v1.Cursor> getAdvanceCursorMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "AdvanceCursor",
      requestType = io.quire.v1.AdvanceCursorRequest.class,
      responseType = io.quire.v1.Cursor.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.quire.v1.AdvanceCursorRequest,
      io.quire.v1.Cursor> getAdvanceCursorMethod() {
    io.grpc.MethodDescriptor<io.quire.v1.AdvanceCursorRequest, io.quire.v1.Cursor> getAdvanceCursorMethod;
    if ((getAdvanceCursorMethod = LogServiceGrpc.getAdvanceCursorMethod) == null) {
      synchronized (LogServiceGrpc.class) {
        if ((getAdvanceCursorMethod = LogServiceGrpc.getAdvanceCursorMethod) == null) {
          LogServiceGrpc.getAdvanceCursorMethod = getAdvanceCursorMethod =
              io.grpc.MethodDescriptor.<io.quire.v1.AdvanceCursorRequest, io.quire.v1.Cursor>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "AdvanceCursor"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.AdvanceCursorRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.Cursor.getDefaultInstance()))
              .setSchemaDescriptor(new LogServiceMethodDescriptorSupplier("AdvanceCursor"))
              .build();
        }
      }
    }
    return getAdvanceCursorMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.quire.v1.DeleteCursorRequest,
      io.quire.v1.DeleteCursorResponse> getDeleteCursorMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteCursor",
      requestType = io.quire.v1.DeleteCursorRequest.class,
      responseType = io.quire.v1.DeleteCursorResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.quire.v1.DeleteCursorRequest,
      io.quire.v1.DeleteCursorResponse> getDeleteCursorMethod() {
    io.grpc.MethodDescriptor<io.quire.v1.DeleteCursorRequest, io.quire.v1.DeleteCursorResponse> getDeleteCursorMethod;
    if ((getDeleteCursorMethod = LogServiceGrpc.getDeleteCursorMethod) == null) {
      synchronized (LogServiceGrpc.class) {
        if ((getDeleteCursorMethod = LogServiceGrpc.getDeleteCursorMethod) == null) {
          LogServiceGrpc.getDeleteCursorMethod = getDeleteCursorMethod =
              io.grpc.MethodDescriptor.<io.quire.v1.DeleteCursorRequest, io.quire.v1.DeleteCursorResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteCursor"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.DeleteCursorRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.quire.v1.DeleteCursorResponse.getDefaultInstance()))
              .setSchemaDescriptor(new LogServiceMethodDescriptorSupplier("DeleteCursor"))
              .build();
        }
      }
    }
    return getDeleteCursorMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static LogServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<LogServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<LogServiceStub>() {
        @java.lang.Override
        public LogServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new LogServiceStub(channel, callOptions);
        }
      };
    return LogServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static LogServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<LogServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<LogServiceBlockingV2Stub>() {
        @java.lang.Override
        public LogServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new LogServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return LogServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static LogServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<LogServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<LogServiceBlockingStub>() {
        @java.lang.Override
        public LogServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new LogServiceBlockingStub(channel, callOptions);
        }
      };
    return LogServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static LogServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<LogServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<LogServiceFutureStub>() {
        @java.lang.Override
        public LogServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new LogServiceFutureStub(channel, callOptions);
        }
      };
    return LogServiceFutureStub.newStub(factory, channel);
  }

  /**
   */
  public interface AsyncService {

    /**
     * <pre>
     * Creates a log; unset sizes, digest and policies use the gateway's defaults. ALREADY_EXISTS
     * (LOG_EXISTS) when the name is taken.
     * </pre>
     */
    default void createLog(io.quire.v1.CreateLogRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.LogInfo> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateLogMethod(), responseObserver);
    }

    /**
     */
    default void getLog(io.quire.v1.GetLogRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.LogInfo> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetLogMethod(), responseObserver);
    }

    /**
     * <pre>
     * Deletes the log, its segments' ledgers and its cursors.
     * </pre>
     */
    default void deleteLog(io.quire.v1.DeleteLogRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.DeleteLogResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteLogMethod(), responseObserver);
    }

    /**
     * <pre>
     * Names sorted, paged: next_page_token (the last name of the page) continues; empty at the end.
     * </pre>
     */
    default void listLogs(io.quire.v1.ListLogsRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.ListLogsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListLogsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Appends one or more records (a batch: consecutive offsets, all or nothing from the caller's
     * view). Acknowledged only after every record reached an ack quorum of fsync'd bookies. With
     * (producer_id, sequence) record i has sequence + i and a retry returns the original receipts
     * (duplicate = true); with expected_offset the first record must get that offset, else
     * FAILED_PRECONDITION (APPEND_CONFLICT) and nothing is written.
     * </pre>
     */
    default void append(io.quire.v1.LogAppendRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.LogAppendResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getAppendMethod(), responseObserver);
    }

    /**
     * <pre>
     * The high-throughput path: appends pipelined on one stream, acknowledged in the order sent.
     * Each request message is one append (one record or a batch, with its own producer/sequence
     * and expected_offset); each response message acknowledges exactly one request message, in
     * order (its receipts: offset, ledger id, entry id, ...). The first failed append ends the stream
     * with that error's status and trailers (quire-error-code, details); every append acknowledged
     * before it is durable, those after it have an unknown outcome (retry them with the same
     * producer_id/sequence to stay exactly-once). Trailer `quire-stream-acked`: appends acknowledged.
     * Flow control: at most `logStreamMaxUnacked` records (default 1000) of one stream are
     * received but not yet acknowledged; beyond that the gateway stops reading the stream and
     * HTTP/2 flow control pushes back on the client.
     * </pre>
     */
    default io.grpc.stub.StreamObserver<io.quire.v1.LogAppendRequest> appendStream(
        io.grpc.stub.StreamObserver<io.quire.v1.LogAppendResponse> responseObserver) {
      return io.grpc.stub.ServerCalls.asyncUnimplementedStreamingCall(getAppendStreamMethod(), responseObserver);
    }

    /**
     * <pre>
     * One page of committed records from from_offset, across segments: at most max_records and
     * about max_bytes of payload (server-capped, at least one record). OUT_OF_RANGE below the
     * log's first offset (trailer quire-first-offset). With cursor set (and from_offset unset),
     * reads from that durable cursor's offset.
     * </pre>
     */
    default void read(io.quire.v1.LogReadRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.LogReadResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getReadMethod(), responseObserver);
    }

    /**
     * <pre>
     * Follows a log: streams committed records from from_offset (or from a cursor's offset) on,
     * across segments and rollovers, in order, without gaps or duplicates. A message with no
     * records is a heartbeat after a wait that found nothing (carries end_offset). Stops when the
     * client cancels or its deadline passes; to resume call again from the last offset + 1.
     * </pre>
     */
    default void tail(io.quire.v1.LogTailRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.LogReadResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getTailMethod(), responseObserver);
    }

    /**
     * <pre>
     * The first offset whose record has timestamp &gt;= timestamp_ms (the end offset when none has).
     * </pre>
     */
    default void seekByTimestamp(io.quire.v1.SeekByTimestampRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.SeekByTimestampResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSeekByTimestampMethod(), responseObserver);
    }

    /**
     * <pre>
     * Drops every record below before_offset (whole segments are deleted).
     * </pre>
     */
    default void truncate(io.quire.v1.TruncateLogRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.TruncateLogResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getTruncateMethod(), responseObserver);
    }

    /**
     * <pre>
     * Applies the retention policy now.
     * </pre>
     */
    default void enforceRetention(io.quire.v1.EnforceRetentionRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.TruncateLogResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getEnforceRetentionMethod(), responseObserver);
    }

    /**
     */
    default void listCursors(io.quire.v1.ListCursorsRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.ListCursorsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListCursorsMethod(), responseObserver);
    }

    /**
     * <pre>
     * NOT_FOUND (NO_SUCH_CURSOR) when the cursor does not exist.
     * </pre>
     */
    default void getCursor(io.quire.v1.GetCursorRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.Cursor> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetCursorMethod(), responseObserver);
    }

    /**
     * <pre>
     * Compare-and-set: expected_version -1 creates only, n writes only at version n, unset writes
     * unconditionally; FAILED_PRECONDITION (CURSOR_CONFLICT) otherwise.
     * </pre>
     */
    default void setCursor(io.quire.v1.SetCursorRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.Cursor> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSetCursorMethod(), responseObserver);
    }

    /**
     * <pre>
     * Acknowledges everything below offset; never moves back.
     * </pre>
     */
    default void advanceCursor(io.quire.v1.AdvanceCursorRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.Cursor> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getAdvanceCursorMethod(), responseObserver);
    }

    /**
     */
    default void deleteCursor(io.quire.v1.DeleteCursorRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.DeleteCursorResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteCursorMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service LogService.
   */
  public static abstract class LogServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return LogServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service LogService.
   */
  public static final class LogServiceStub
      extends io.grpc.stub.AbstractAsyncStub<LogServiceStub> {
    private LogServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected LogServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new LogServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a log; unset sizes, digest and policies use the gateway's defaults. ALREADY_EXISTS
     * (LOG_EXISTS) when the name is taken.
     * </pre>
     */
    public void createLog(io.quire.v1.CreateLogRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.LogInfo> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateLogMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void getLog(io.quire.v1.GetLogRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.LogInfo> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetLogMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Deletes the log, its segments' ledgers and its cursors.
     * </pre>
     */
    public void deleteLog(io.quire.v1.DeleteLogRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.DeleteLogResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteLogMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Names sorted, paged: next_page_token (the last name of the page) continues; empty at the end.
     * </pre>
     */
    public void listLogs(io.quire.v1.ListLogsRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.ListLogsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListLogsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Appends one or more records (a batch: consecutive offsets, all or nothing from the caller's
     * view). Acknowledged only after every record reached an ack quorum of fsync'd bookies. With
     * (producer_id, sequence) record i has sequence + i and a retry returns the original receipts
     * (duplicate = true); with expected_offset the first record must get that offset, else
     * FAILED_PRECONDITION (APPEND_CONFLICT) and nothing is written.
     * </pre>
     */
    public void append(io.quire.v1.LogAppendRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.LogAppendResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getAppendMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * The high-throughput path: appends pipelined on one stream, acknowledged in the order sent.
     * Each request message is one append (one record or a batch, with its own producer/sequence
     * and expected_offset); each response message acknowledges exactly one request message, in
     * order (its receipts: offset, ledger id, entry id, ...). The first failed append ends the stream
     * with that error's status and trailers (quire-error-code, details); every append acknowledged
     * before it is durable, those after it have an unknown outcome (retry them with the same
     * producer_id/sequence to stay exactly-once). Trailer `quire-stream-acked`: appends acknowledged.
     * Flow control: at most `logStreamMaxUnacked` records (default 1000) of one stream are
     * received but not yet acknowledged; beyond that the gateway stops reading the stream and
     * HTTP/2 flow control pushes back on the client.
     * </pre>
     */
    public io.grpc.stub.StreamObserver<io.quire.v1.LogAppendRequest> appendStream(
        io.grpc.stub.StreamObserver<io.quire.v1.LogAppendResponse> responseObserver) {
      return io.grpc.stub.ClientCalls.asyncBidiStreamingCall(
          getChannel().newCall(getAppendStreamMethod(), getCallOptions()), responseObserver);
    }

    /**
     * <pre>
     * One page of committed records from from_offset, across segments: at most max_records and
     * about max_bytes of payload (server-capped, at least one record). OUT_OF_RANGE below the
     * log's first offset (trailer quire-first-offset). With cursor set (and from_offset unset),
     * reads from that durable cursor's offset.
     * </pre>
     */
    public void read(io.quire.v1.LogReadRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.LogReadResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getReadMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Follows a log: streams committed records from from_offset (or from a cursor's offset) on,
     * across segments and rollovers, in order, without gaps or duplicates. A message with no
     * records is a heartbeat after a wait that found nothing (carries end_offset). Stops when the
     * client cancels or its deadline passes; to resume call again from the last offset + 1.
     * </pre>
     */
    public void tail(io.quire.v1.LogTailRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.LogReadResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getTailMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * The first offset whose record has timestamp &gt;= timestamp_ms (the end offset when none has).
     * </pre>
     */
    public void seekByTimestamp(io.quire.v1.SeekByTimestampRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.SeekByTimestampResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getSeekByTimestampMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Drops every record below before_offset (whole segments are deleted).
     * </pre>
     */
    public void truncate(io.quire.v1.TruncateLogRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.TruncateLogResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getTruncateMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Applies the retention policy now.
     * </pre>
     */
    public void enforceRetention(io.quire.v1.EnforceRetentionRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.TruncateLogResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getEnforceRetentionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void listCursors(io.quire.v1.ListCursorsRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.ListCursorsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListCursorsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * NOT_FOUND (NO_SUCH_CURSOR) when the cursor does not exist.
     * </pre>
     */
    public void getCursor(io.quire.v1.GetCursorRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.Cursor> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetCursorMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Compare-and-set: expected_version -1 creates only, n writes only at version n, unset writes
     * unconditionally; FAILED_PRECONDITION (CURSOR_CONFLICT) otherwise.
     * </pre>
     */
    public void setCursor(io.quire.v1.SetCursorRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.Cursor> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getSetCursorMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Acknowledges everything below offset; never moves back.
     * </pre>
     */
    public void advanceCursor(io.quire.v1.AdvanceCursorRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.Cursor> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getAdvanceCursorMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void deleteCursor(io.quire.v1.DeleteCursorRequest request,
        io.grpc.stub.StreamObserver<io.quire.v1.DeleteCursorResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteCursorMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service LogService.
   */
  public static final class LogServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<LogServiceBlockingV2Stub> {
    private LogServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected LogServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new LogServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a log; unset sizes, digest and policies use the gateway's defaults. ALREADY_EXISTS
     * (LOG_EXISTS) when the name is taken.
     * </pre>
     */
    public io.quire.v1.LogInfo createLog(io.quire.v1.CreateLogRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreateLogMethod(), getCallOptions(), request);
    }

    /**
     */
    public io.quire.v1.LogInfo getLog(io.quire.v1.GetLogRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetLogMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deletes the log, its segments' ledgers and its cursors.
     * </pre>
     */
    public io.quire.v1.DeleteLogResponse deleteLog(io.quire.v1.DeleteLogRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDeleteLogMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Names sorted, paged: next_page_token (the last name of the page) continues; empty at the end.
     * </pre>
     */
    public io.quire.v1.ListLogsResponse listLogs(io.quire.v1.ListLogsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListLogsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Appends one or more records (a batch: consecutive offsets, all or nothing from the caller's
     * view). Acknowledged only after every record reached an ack quorum of fsync'd bookies. With
     * (producer_id, sequence) record i has sequence + i and a retry returns the original receipts
     * (duplicate = true); with expected_offset the first record must get that offset, else
     * FAILED_PRECONDITION (APPEND_CONFLICT) and nothing is written.
     * </pre>
     */
    public io.quire.v1.LogAppendResponse append(io.quire.v1.LogAppendRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getAppendMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * The high-throughput path: appends pipelined on one stream, acknowledged in the order sent.
     * Each request message is one append (one record or a batch, with its own producer/sequence
     * and expected_offset); each response message acknowledges exactly one request message, in
     * order (its receipts: offset, ledger id, entry id, ...). The first failed append ends the stream
     * with that error's status and trailers (quire-error-code, details); every append acknowledged
     * before it is durable, those after it have an unknown outcome (retry them with the same
     * producer_id/sequence to stay exactly-once). Trailer `quire-stream-acked`: appends acknowledged.
     * Flow control: at most `logStreamMaxUnacked` records (default 1000) of one stream are
     * received but not yet acknowledged; beyond that the gateway stops reading the stream and
     * HTTP/2 flow control pushes back on the client.
     * </pre>
     */
    @io.grpc.ExperimentalApi("https://github.com/grpc/grpc-java/issues/10918")
    public io.grpc.stub.BlockingClientCall<io.quire.v1.LogAppendRequest, io.quire.v1.LogAppendResponse>
        appendStream() {
      return io.grpc.stub.ClientCalls.blockingBidiStreamingCall(
          getChannel(), getAppendStreamMethod(), getCallOptions());
    }

    /**
     * <pre>
     * One page of committed records from from_offset, across segments: at most max_records and
     * about max_bytes of payload (server-capped, at least one record). OUT_OF_RANGE below the
     * log's first offset (trailer quire-first-offset). With cursor set (and from_offset unset),
     * reads from that durable cursor's offset.
     * </pre>
     */
    public io.quire.v1.LogReadResponse read(io.quire.v1.LogReadRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getReadMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Follows a log: streams committed records from from_offset (or from a cursor's offset) on,
     * across segments and rollovers, in order, without gaps or duplicates. A message with no
     * records is a heartbeat after a wait that found nothing (carries end_offset). Stops when the
     * client cancels or its deadline passes; to resume call again from the last offset + 1.
     * </pre>
     */
    @io.grpc.ExperimentalApi("https://github.com/grpc/grpc-java/issues/10918")
    public io.grpc.stub.BlockingClientCall<?, io.quire.v1.LogReadResponse>
        tail(io.quire.v1.LogTailRequest request) {
      return io.grpc.stub.ClientCalls.blockingV2ServerStreamingCall(
          getChannel(), getTailMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * The first offset whose record has timestamp &gt;= timestamp_ms (the end offset when none has).
     * </pre>
     */
    public io.quire.v1.SeekByTimestampResponse seekByTimestamp(io.quire.v1.SeekByTimestampRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getSeekByTimestampMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Drops every record below before_offset (whole segments are deleted).
     * </pre>
     */
    public io.quire.v1.TruncateLogResponse truncate(io.quire.v1.TruncateLogRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getTruncateMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Applies the retention policy now.
     * </pre>
     */
    public io.quire.v1.TruncateLogResponse enforceRetention(io.quire.v1.EnforceRetentionRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getEnforceRetentionMethod(), getCallOptions(), request);
    }

    /**
     */
    public io.quire.v1.ListCursorsResponse listCursors(io.quire.v1.ListCursorsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListCursorsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * NOT_FOUND (NO_SUCH_CURSOR) when the cursor does not exist.
     * </pre>
     */
    public io.quire.v1.Cursor getCursor(io.quire.v1.GetCursorRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetCursorMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Compare-and-set: expected_version -1 creates only, n writes only at version n, unset writes
     * unconditionally; FAILED_PRECONDITION (CURSOR_CONFLICT) otherwise.
     * </pre>
     */
    public io.quire.v1.Cursor setCursor(io.quire.v1.SetCursorRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getSetCursorMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Acknowledges everything below offset; never moves back.
     * </pre>
     */
    public io.quire.v1.Cursor advanceCursor(io.quire.v1.AdvanceCursorRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getAdvanceCursorMethod(), getCallOptions(), request);
    }

    /**
     */
    public io.quire.v1.DeleteCursorResponse deleteCursor(io.quire.v1.DeleteCursorRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDeleteCursorMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service LogService.
   */
  public static final class LogServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<LogServiceBlockingStub> {
    private LogServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected LogServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new LogServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a log; unset sizes, digest and policies use the gateway's defaults. ALREADY_EXISTS
     * (LOG_EXISTS) when the name is taken.
     * </pre>
     */
    public io.quire.v1.LogInfo createLog(io.quire.v1.CreateLogRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateLogMethod(), getCallOptions(), request);
    }

    /**
     */
    public io.quire.v1.LogInfo getLog(io.quire.v1.GetLogRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetLogMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deletes the log, its segments' ledgers and its cursors.
     * </pre>
     */
    public io.quire.v1.DeleteLogResponse deleteLog(io.quire.v1.DeleteLogRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteLogMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Names sorted, paged: next_page_token (the last name of the page) continues; empty at the end.
     * </pre>
     */
    public io.quire.v1.ListLogsResponse listLogs(io.quire.v1.ListLogsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListLogsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Appends one or more records (a batch: consecutive offsets, all or nothing from the caller's
     * view). Acknowledged only after every record reached an ack quorum of fsync'd bookies. With
     * (producer_id, sequence) record i has sequence + i and a retry returns the original receipts
     * (duplicate = true); with expected_offset the first record must get that offset, else
     * FAILED_PRECONDITION (APPEND_CONFLICT) and nothing is written.
     * </pre>
     */
    public io.quire.v1.LogAppendResponse append(io.quire.v1.LogAppendRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getAppendMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * One page of committed records from from_offset, across segments: at most max_records and
     * about max_bytes of payload (server-capped, at least one record). OUT_OF_RANGE below the
     * log's first offset (trailer quire-first-offset). With cursor set (and from_offset unset),
     * reads from that durable cursor's offset.
     * </pre>
     */
    public io.quire.v1.LogReadResponse read(io.quire.v1.LogReadRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getReadMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Follows a log: streams committed records from from_offset (or from a cursor's offset) on,
     * across segments and rollovers, in order, without gaps or duplicates. A message with no
     * records is a heartbeat after a wait that found nothing (carries end_offset). Stops when the
     * client cancels or its deadline passes; to resume call again from the last offset + 1.
     * </pre>
     */
    public java.util.Iterator<io.quire.v1.LogReadResponse> tail(
        io.quire.v1.LogTailRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getTailMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * The first offset whose record has timestamp &gt;= timestamp_ms (the end offset when none has).
     * </pre>
     */
    public io.quire.v1.SeekByTimestampResponse seekByTimestamp(io.quire.v1.SeekByTimestampRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getSeekByTimestampMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Drops every record below before_offset (whole segments are deleted).
     * </pre>
     */
    public io.quire.v1.TruncateLogResponse truncate(io.quire.v1.TruncateLogRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getTruncateMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Applies the retention policy now.
     * </pre>
     */
    public io.quire.v1.TruncateLogResponse enforceRetention(io.quire.v1.EnforceRetentionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getEnforceRetentionMethod(), getCallOptions(), request);
    }

    /**
     */
    public io.quire.v1.ListCursorsResponse listCursors(io.quire.v1.ListCursorsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListCursorsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * NOT_FOUND (NO_SUCH_CURSOR) when the cursor does not exist.
     * </pre>
     */
    public io.quire.v1.Cursor getCursor(io.quire.v1.GetCursorRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetCursorMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Compare-and-set: expected_version -1 creates only, n writes only at version n, unset writes
     * unconditionally; FAILED_PRECONDITION (CURSOR_CONFLICT) otherwise.
     * </pre>
     */
    public io.quire.v1.Cursor setCursor(io.quire.v1.SetCursorRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getSetCursorMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Acknowledges everything below offset; never moves back.
     * </pre>
     */
    public io.quire.v1.Cursor advanceCursor(io.quire.v1.AdvanceCursorRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getAdvanceCursorMethod(), getCallOptions(), request);
    }

    /**
     */
    public io.quire.v1.DeleteCursorResponse deleteCursor(io.quire.v1.DeleteCursorRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteCursorMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service LogService.
   */
  public static final class LogServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<LogServiceFutureStub> {
    private LogServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected LogServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new LogServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a log; unset sizes, digest and policies use the gateway's defaults. ALREADY_EXISTS
     * (LOG_EXISTS) when the name is taken.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.quire.v1.LogInfo> createLog(
        io.quire.v1.CreateLogRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateLogMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<io.quire.v1.LogInfo> getLog(
        io.quire.v1.GetLogRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetLogMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Deletes the log, its segments' ledgers and its cursors.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.quire.v1.DeleteLogResponse> deleteLog(
        io.quire.v1.DeleteLogRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteLogMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Names sorted, paged: next_page_token (the last name of the page) continues; empty at the end.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.quire.v1.ListLogsResponse> listLogs(
        io.quire.v1.ListLogsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListLogsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Appends one or more records (a batch: consecutive offsets, all or nothing from the caller's
     * view). Acknowledged only after every record reached an ack quorum of fsync'd bookies. With
     * (producer_id, sequence) record i has sequence + i and a retry returns the original receipts
     * (duplicate = true); with expected_offset the first record must get that offset, else
     * FAILED_PRECONDITION (APPEND_CONFLICT) and nothing is written.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.quire.v1.LogAppendResponse> append(
        io.quire.v1.LogAppendRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getAppendMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * One page of committed records from from_offset, across segments: at most max_records and
     * about max_bytes of payload (server-capped, at least one record). OUT_OF_RANGE below the
     * log's first offset (trailer quire-first-offset). With cursor set (and from_offset unset),
     * reads from that durable cursor's offset.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.quire.v1.LogReadResponse> read(
        io.quire.v1.LogReadRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getReadMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * The first offset whose record has timestamp &gt;= timestamp_ms (the end offset when none has).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.quire.v1.SeekByTimestampResponse> seekByTimestamp(
        io.quire.v1.SeekByTimestampRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getSeekByTimestampMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Drops every record below before_offset (whole segments are deleted).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.quire.v1.TruncateLogResponse> truncate(
        io.quire.v1.TruncateLogRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getTruncateMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Applies the retention policy now.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.quire.v1.TruncateLogResponse> enforceRetention(
        io.quire.v1.EnforceRetentionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getEnforceRetentionMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<io.quire.v1.ListCursorsResponse> listCursors(
        io.quire.v1.ListCursorsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListCursorsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * NOT_FOUND (NO_SUCH_CURSOR) when the cursor does not exist.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.quire.v1.Cursor> getCursor(
        io.quire.v1.GetCursorRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetCursorMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Compare-and-set: expected_version -1 creates only, n writes only at version n, unset writes
     * unconditionally; FAILED_PRECONDITION (CURSOR_CONFLICT) otherwise.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.quire.v1.Cursor> setCursor(
        io.quire.v1.SetCursorRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getSetCursorMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Acknowledges everything below offset; never moves back.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.quire.v1.Cursor> advanceCursor(
        io.quire.v1.AdvanceCursorRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getAdvanceCursorMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<io.quire.v1.DeleteCursorResponse> deleteCursor(
        io.quire.v1.DeleteCursorRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteCursorMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_CREATE_LOG = 0;
  private static final int METHODID_GET_LOG = 1;
  private static final int METHODID_DELETE_LOG = 2;
  private static final int METHODID_LIST_LOGS = 3;
  private static final int METHODID_APPEND = 4;
  private static final int METHODID_READ = 5;
  private static final int METHODID_TAIL = 6;
  private static final int METHODID_SEEK_BY_TIMESTAMP = 7;
  private static final int METHODID_TRUNCATE = 8;
  private static final int METHODID_ENFORCE_RETENTION = 9;
  private static final int METHODID_LIST_CURSORS = 10;
  private static final int METHODID_GET_CURSOR = 11;
  private static final int METHODID_SET_CURSOR = 12;
  private static final int METHODID_ADVANCE_CURSOR = 13;
  private static final int METHODID_DELETE_CURSOR = 14;
  private static final int METHODID_APPEND_STREAM = 15;

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
        case METHODID_CREATE_LOG:
          serviceImpl.createLog((io.quire.v1.CreateLogRequest) request,
              (io.grpc.stub.StreamObserver<io.quire.v1.LogInfo>) responseObserver);
          break;
        case METHODID_GET_LOG:
          serviceImpl.getLog((io.quire.v1.GetLogRequest) request,
              (io.grpc.stub.StreamObserver<io.quire.v1.LogInfo>) responseObserver);
          break;
        case METHODID_DELETE_LOG:
          serviceImpl.deleteLog((io.quire.v1.DeleteLogRequest) request,
              (io.grpc.stub.StreamObserver<io.quire.v1.DeleteLogResponse>) responseObserver);
          break;
        case METHODID_LIST_LOGS:
          serviceImpl.listLogs((io.quire.v1.ListLogsRequest) request,
              (io.grpc.stub.StreamObserver<io.quire.v1.ListLogsResponse>) responseObserver);
          break;
        case METHODID_APPEND:
          serviceImpl.append((io.quire.v1.LogAppendRequest) request,
              (io.grpc.stub.StreamObserver<io.quire.v1.LogAppendResponse>) responseObserver);
          break;
        case METHODID_READ:
          serviceImpl.read((io.quire.v1.LogReadRequest) request,
              (io.grpc.stub.StreamObserver<io.quire.v1.LogReadResponse>) responseObserver);
          break;
        case METHODID_TAIL:
          serviceImpl.tail((io.quire.v1.LogTailRequest) request,
              (io.grpc.stub.StreamObserver<io.quire.v1.LogReadResponse>) responseObserver);
          break;
        case METHODID_SEEK_BY_TIMESTAMP:
          serviceImpl.seekByTimestamp((io.quire.v1.SeekByTimestampRequest) request,
              (io.grpc.stub.StreamObserver<io.quire.v1.SeekByTimestampResponse>) responseObserver);
          break;
        case METHODID_TRUNCATE:
          serviceImpl.truncate((io.quire.v1.TruncateLogRequest) request,
              (io.grpc.stub.StreamObserver<io.quire.v1.TruncateLogResponse>) responseObserver);
          break;
        case METHODID_ENFORCE_RETENTION:
          serviceImpl.enforceRetention((io.quire.v1.EnforceRetentionRequest) request,
              (io.grpc.stub.StreamObserver<io.quire.v1.TruncateLogResponse>) responseObserver);
          break;
        case METHODID_LIST_CURSORS:
          serviceImpl.listCursors((io.quire.v1.ListCursorsRequest) request,
              (io.grpc.stub.StreamObserver<io.quire.v1.ListCursorsResponse>) responseObserver);
          break;
        case METHODID_GET_CURSOR:
          serviceImpl.getCursor((io.quire.v1.GetCursorRequest) request,
              (io.grpc.stub.StreamObserver<io.quire.v1.Cursor>) responseObserver);
          break;
        case METHODID_SET_CURSOR:
          serviceImpl.setCursor((io.quire.v1.SetCursorRequest) request,
              (io.grpc.stub.StreamObserver<io.quire.v1.Cursor>) responseObserver);
          break;
        case METHODID_ADVANCE_CURSOR:
          serviceImpl.advanceCursor((io.quire.v1.AdvanceCursorRequest) request,
              (io.grpc.stub.StreamObserver<io.quire.v1.Cursor>) responseObserver);
          break;
        case METHODID_DELETE_CURSOR:
          serviceImpl.deleteCursor((io.quire.v1.DeleteCursorRequest) request,
              (io.grpc.stub.StreamObserver<io.quire.v1.DeleteCursorResponse>) responseObserver);
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
              (io.grpc.stub.StreamObserver<io.quire.v1.LogAppendResponse>) responseObserver);
        default:
          throw new AssertionError();
      }
    }
  }

  public static final io.grpc.ServerServiceDefinition bindService(AsyncService service) {
    return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
        .addMethod(
          getCreateLogMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.quire.v1.CreateLogRequest,
              io.quire.v1.LogInfo>(
                service, METHODID_CREATE_LOG)))
        .addMethod(
          getGetLogMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.quire.v1.GetLogRequest,
              io.quire.v1.LogInfo>(
                service, METHODID_GET_LOG)))
        .addMethod(
          getDeleteLogMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.quire.v1.DeleteLogRequest,
              io.quire.v1.DeleteLogResponse>(
                service, METHODID_DELETE_LOG)))
        .addMethod(
          getListLogsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.quire.v1.ListLogsRequest,
              io.quire.v1.ListLogsResponse>(
                service, METHODID_LIST_LOGS)))
        .addMethod(
          getAppendMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.quire.v1.LogAppendRequest,
              io.quire.v1.LogAppendResponse>(
                service, METHODID_APPEND)))
        .addMethod(
          getAppendStreamMethod(),
          io.grpc.stub.ServerCalls.asyncBidiStreamingCall(
            new MethodHandlers<
              io.quire.v1.LogAppendRequest,
              io.quire.v1.LogAppendResponse>(
                service, METHODID_APPEND_STREAM)))
        .addMethod(
          getReadMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.quire.v1.LogReadRequest,
              io.quire.v1.LogReadResponse>(
                service, METHODID_READ)))
        .addMethod(
          getTailMethod(),
          io.grpc.stub.ServerCalls.asyncServerStreamingCall(
            new MethodHandlers<
              io.quire.v1.LogTailRequest,
              io.quire.v1.LogReadResponse>(
                service, METHODID_TAIL)))
        .addMethod(
          getSeekByTimestampMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.quire.v1.SeekByTimestampRequest,
              io.quire.v1.SeekByTimestampResponse>(
                service, METHODID_SEEK_BY_TIMESTAMP)))
        .addMethod(
          getTruncateMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.quire.v1.TruncateLogRequest,
              io.quire.v1.TruncateLogResponse>(
                service, METHODID_TRUNCATE)))
        .addMethod(
          getEnforceRetentionMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.quire.v1.EnforceRetentionRequest,
              io.quire.v1.TruncateLogResponse>(
                service, METHODID_ENFORCE_RETENTION)))
        .addMethod(
          getListCursorsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.quire.v1.ListCursorsRequest,
              io.quire.v1.ListCursorsResponse>(
                service, METHODID_LIST_CURSORS)))
        .addMethod(
          getGetCursorMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.quire.v1.GetCursorRequest,
              io.quire.v1.Cursor>(
                service, METHODID_GET_CURSOR)))
        .addMethod(
          getSetCursorMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.quire.v1.SetCursorRequest,
              io.quire.v1.Cursor>(
                service, METHODID_SET_CURSOR)))
        .addMethod(
          getAdvanceCursorMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.quire.v1.AdvanceCursorRequest,
              io.quire.v1.Cursor>(
                service, METHODID_ADVANCE_CURSOR)))
        .addMethod(
          getDeleteCursorMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.quire.v1.DeleteCursorRequest,
              io.quire.v1.DeleteCursorResponse>(
                service, METHODID_DELETE_CURSOR)))
        .build();
  }

  private static abstract class LogServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    LogServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return io.quire.v1.Log.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("LogService");
    }
  }

  private static final class LogServiceFileDescriptorSupplier
      extends LogServiceBaseDescriptorSupplier {
    LogServiceFileDescriptorSupplier() {}
  }

  private static final class LogServiceMethodDescriptorSupplier
      extends LogServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    LogServiceMethodDescriptorSupplier(java.lang.String methodName) {
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
      synchronized (LogServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new LogServiceFileDescriptorSupplier())
              .addMethod(getCreateLogMethod())
              .addMethod(getGetLogMethod())
              .addMethod(getDeleteLogMethod())
              .addMethod(getListLogsMethod())
              .addMethod(getAppendMethod())
              .addMethod(getAppendStreamMethod())
              .addMethod(getReadMethod())
              .addMethod(getTailMethod())
              .addMethod(getSeekByTimestampMethod())
              .addMethod(getTruncateMethod())
              .addMethod(getEnforceRetentionMethod())
              .addMethod(getListCursorsMethod())
              .addMethod(getGetCursorMethod())
              .addMethod(getSetCursorMethod())
              .addMethod(getAdvanceCursorMethod())
              .addMethod(getDeleteCursorMethod())
              .build();
        }
      }
    }
    return result;
  }
}
