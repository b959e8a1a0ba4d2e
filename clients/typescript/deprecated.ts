// The SDK's earlier names, kept so existing code keeps working. LogProducer and LogConsumer are
// Producer and Consumer (they always took the log client first, which is a LogTransport).
import { Consumer } from './consumer.js';
import { Producer } from './producer.js';

/** @deprecated Use `Producer` (or `client.log(name).producer()`). */
export const LogProducer = Producer;
/** @deprecated Use `Producer`. */
export type LogProducer = Producer;
/** @deprecated Use `Consumer` (or `client.log(name).consumer(cursor)`). */
export const LogConsumer = Consumer;
/** @deprecated Use `Consumer`. */
export type LogConsumer = Consumer;
