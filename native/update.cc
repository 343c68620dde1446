// The optimizers' fused updates for the native addon (see src/node/native.ts): one pass per parameter
// tensor, in place on the typed arrays, vectorized by the compiler (-O3 -march=native; no fused
// multiply-adds: the build passes -ffp-contract=off). SGD and momentum, and Adam in float64, mirror
// src/tensor/update-kernels.ts operation for operation: double-precision arithmetic in the same order,
// every stored value rounded to the element type and used rounded; division and square root are
// IEEE-exact, so the results are the TypeScript loops' bits (tested in src/node/native.test.ts).
// Adam in float32 computes in single precision (see below): the loops' results to rounding.
#include <node_api.h>
#include "napi-array.h"

#include <cmath>

namespace {

// Large tensors are split across threads when asked (each element is updated alone: same bits).
constexpr long THREADED_MIN = 1 << 16;

struct Adam {
  double learningRate, beta1, oneMinusBeta1, beta2, oneMinusBeta2, epsilon, correction1, correction2, decay;
};

template <typename T>
void sgd(T* __restrict w, const T* __restrict g, long n, double lr, double decay, int threads) {
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1 && n >= THREADED_MIN)
  for (long i = 0; i < n; i++) {
    const double wd = double(w[i]) * decay;  // not rounded: one rounding for the whole step
    w[i] = T(wd - lr * double(g[i]));
  }
}

template <typename T>
void momentum(T* __restrict w, const T* __restrict g, T* __restrict v, long n, double lr, double beta, double oneMinusBeta, double decay, int threads) {
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1 && n >= THREADED_MIN)
  for (long i = 0; i < n; i++) {
    const double wd = double(w[i]) * decay;  // not rounded: one rounding for the whole step
    const T vi = T(beta * double(v[i]) + oneMinusBeta * double(g[i]));
    v[i] = vi;
    w[i] = T(wd - lr * double(vi));
  }
}

// Float64: as the TypeScript loop, bit for bit.
void adam(double* __restrict w, const double* __restrict g, double* __restrict m, double* __restrict v, long n, const Adam& a, int threads) {
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1 && n >= THREADED_MIN)
  for (long i = 0; i < n; i++) {
    const double wd = w[i] * a.decay;
    const double gi = g[i];
    const double mi = a.beta1 * m[i] + a.oneMinusBeta1 * gi;
    const double vi = a.beta2 * v[i] + a.oneMinusBeta2 * gi * gi;  // ((1 - b2) g) g, as written in TypeScript
    m[i] = mi;
    v[i] = vi;
    w[i] = wd - (a.learningRate * (mi / a.correction1)) / (std::sqrt(vi / a.correction2) + a.epsilon);
  }
}

// Float32: in single precision, as PyTorch computes it, with one division and one square root per
// element (lr / c1 and 1 / sqrt(c2) once per tensor): 3-4x faster than the double-precision loop, whose
// three divisions and square root in double kept the dividers busy (0.19 against 0.05 ms a step on the
// Fashion-MNIST network's 235,146 parameters). The result agrees with the TypeScript loop to rounding.
void adam(float* __restrict w, const float* __restrict g, float* __restrict m, float* __restrict v, long n, const Adam& a, int threads) {
  const float b1 = float(a.beta1), omb1 = float(a.oneMinusBeta1), b2 = float(a.beta2), omb2 = float(a.oneMinusBeta2);
  const float stepSize = float(a.learningRate / a.correction1), scale = float(1 / std::sqrt(a.correction2));
  // the decay factor in double, applied with the step and rounded once (update-kernels.ts says why): a
  // float32 factor, 0.99997 for 3e-5, decayed 0.063% less than asked every step (an audit helper)
  const float eps = float(a.epsilon);
  const double decay = a.decay;
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1 && n >= THREADED_MIN)
  for (long i = 0; i < n; i++) {
    const float gi = g[i];
    const float mi = b1 * m[i] + omb1 * gi;
    const float vi = b2 * v[i] + omb2 * gi * gi;
    m[i] = mi;
    v[i] = vi;
    w[i] = float(double(w[i]) * decay - double(stepSize * mi / (std::sqrt(vi) * scale + eps)));
  }
}


// Reads `count` typed arrays, then doubles, then the thread count; false if an array is missing, of
// another type or length than the first, or neither float type.
template <int ARRAYS, int DOUBLES>
bool readArgs(napi_env env, napi_callback_info info, void* (&arrays)[ARRAYS], double (&doubles)[DOUBLES], int* threads, bool* f64, long* n) {
  napi_value argv[ARRAYS + DOUBLES + 1];
  size_t argc = ARRAYS + DOUBLES + 1;
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc < ARRAYS + DOUBLES + 1) return false;
  napi_typedarray_type first = napi_int8_array;
  size_t length = 0;
  for (int k = 0; k < ARRAYS; k++) {
    napi_typedarray_type type;
    size_t len;
    arrays[k] = typedArrayData(env, argv[k], &type, &len);
    if (!arrays[k] || (type != napi_float32_array && type != napi_float64_array)) return false;
    if (k == 0) first = type, length = len;
    else if (type != first || len != length) return false;
  }
  for (int k = 0; k < DOUBLES; k++) napi_get_value_double(env, argv[ARRAYS + k], &doubles[k]);
  napi_get_value_int32(env, argv[ARRAYS + DOUBLES], threads);
  *f64 = first == napi_float64_array;
  *n = long(length);
  return true;
}

napi_value fail(napi_env env) {
  napi_throw_type_error(env, nullptr, "nnlab native update: expected Float32Arrays or Float64Arrays of one type and length, the numbers, and a thread count");
  return nullptr;
}

// sgd(w, g, lr, decay, threads)
napi_value Sgd(napi_env env, napi_callback_info info) {
  void* a[2];
  double d[2];
  int threads = 1;
  bool f64;
  long n;
  if (!readArgs(env, info, a, d, &threads, &f64, &n)) return fail(env);
  if (f64) sgd((double*)a[0], (const double*)a[1], n, d[0], d[1], threads);
  else sgd((float*)a[0], (const float*)a[1], n, d[0], d[1], threads);
  return nullptr;
}

// momentum(w, g, v, lr, beta, oneMinusBeta, decay, threads)
napi_value Momentum(napi_env env, napi_callback_info info) {
  void* a[3];
  double d[4];
  int threads = 1;
  bool f64;
  long n;
  if (!readArgs(env, info, a, d, &threads, &f64, &n)) return fail(env);
  if (f64) momentum((double*)a[0], (const double*)a[1], (double*)a[2], n, d[0], d[1], d[2], d[3], threads);
  else momentum((float*)a[0], (const float*)a[1], (float*)a[2], n, d[0], d[1], d[2], d[3], threads);
  return nullptr;
}

// adam(w, g, m, v, lr, beta1, oneMinusBeta1, beta2, oneMinusBeta2, epsilon, correction1, correction2, decay, threads)
napi_value AdamUpdate(napi_env env, napi_callback_info info) {
  void* a[4];
  double d[9];
  int threads = 1;
  bool f64;
  long n;
  if (!readArgs(env, info, a, d, &threads, &f64, &n)) return fail(env);
  const Adam s{d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8]};
  if (f64) adam((double*)a[0], (const double*)a[1], (double*)a[2], (double*)a[3], n, s, threads);
  else adam((float*)a[0], (const float*)a[1], (float*)a[2], (float*)a[3], n, s, threads);
  return nullptr;
}

void exportFunction(napi_env env, napi_value exports, const char* name, napi_callback cb) {
  napi_value fn;
  napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, nullptr, &fn);
  napi_set_named_property(env, exports, name, fn);
}

}  // namespace

// Called by gemm.cc's module initializer.
void registerUpdates(napi_env env, napi_value exports) {
  exportFunction(env, exports, "sgd", Sgd);
  exportFunction(env, exports, "momentum", Momentum);
  exportFunction(env, exports, "adam", AdamUpdate);
}
