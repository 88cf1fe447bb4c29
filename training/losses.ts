// The pair's loss: softmax cross-entropy of both heads (joint-step.ts). WS-DAN's center loss went
// with the from-scratch recipe (git history before issue 26): the pair's WS-DAN head trains without it.
import * as tf from '@tensorflow/tfjs';

/** Mean softmax cross-entropy of [b,2] logits against 0/1 labels (int32 [b]). */
export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const logp = tf.logSoftmax(logits);
    const onehot = tf.oneHot(labels, logits.shape[1]);
    return tf.neg(tf.mean(tf.sum(tf.mul(onehot, logp), 1))) as tf.Scalar;
  });
}
