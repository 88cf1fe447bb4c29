// Losses of the seed's training: softmax cross-entropy and WS-DAN's center loss (Hu et al. 2019,
// arXiv:1901.09891; cuihaoleo/kaggle-dfdc train-wsdan.py).
import * as tf from '@tensorflow/tfjs';

/** Mean softmax cross-entropy of [b,2] logits against 0/1 labels (int32 [b]). */
export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const logp = tf.logSoftmax(logits);
    const onehot = tf.oneHot(labels, logits.shape[1]);
    return tf.neg(tf.mean(tf.sum(tf.mul(onehot, logp), 1))) as tf.Scalar;
  });
}

/** L2-normalise rows (the epsilon keeps the all-zero starting centers finite). */
export function normalizeRows(x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.div(x, tf.maximum(tf.norm(x, 2, 1, true), 1e-12)));
}

/**
 * Center loss: sum over the batch of ||feature - normalize(center[y])||^2, divided by the batch
 * size. `centers` [2, D] is a constant here (moved by updateCenters, not by gradients).
 */
export function centerLoss(features: tf.Tensor2D, centers: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const target = tf.gather(normalizeRows(centers), labels);
    return tf.div(tf.sum(tf.square(tf.sub(features, target))), features.shape[0]);
  });
}

/**
 * Moving-average update center[y] += beta * (feature - normalize(center[y])). The seed writes it
 * with an indexed assignment where, for several samples of one class, only one write survives;
 * here each class's center moves by the mean over its samples in the batch (same fixed point,
 * less noise). Returns new centers; the caller disposes the old ones.
 */
export function updateCenters(centers: tf.Tensor2D, features: tf.Tensor2D, labels: tf.Tensor1D, beta = 0.05): tf.Tensor2D {
  return tf.tidy(() => {
    const onehot = tf.oneHot(labels, centers.shape[0]).toFloat() as tf.Tensor2D; // [b,2]
    const counts = tf.sum(onehot, 0).expandDims(1); // [2,1]
    const sums = tf.matMul(onehot, features, true, false); // [2,D]
    const means = tf.div(sums, tf.maximum(counts, 1));
    const delta = tf.mul(tf.sub(means, normalizeRows(centers)), tf.mul(beta, tf.minimum(counts, 1)));
    return tf.add(centers, delta) as tf.Tensor2D;
  });
}
