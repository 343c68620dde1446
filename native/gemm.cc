// nnlab's optional native kernels for Node (see src/node/native.ts): the same packed, register-tiled
// product as src/tensor/wasm, built on this machine with `g++ -O3 -march=native` so it uses the CPU's
// widest vectors (AVX-512 or AVX2) and, for float32, its fused multiply-add instead of WebAssembly's
// 128 bits and separate multiply and add; also ReLU's backward and (native/update.cc) the optimizers'
// updates. Each sum runs in p order (threads take whole column panels), so the bits do not depend on the
// thread count; float32's fused multiply-adds round once where the other paths round twice, so float32
// products agree with them to rounding; float64 products are their bits. It works on the typed arrays
// in place: no copies in or out.
#include <node_api.h>
#include "napi-array.h"

#include <cstring>
#include <type_traits>
#include <vector>

#if defined(__AVX512F__)
constexpr int VB = 64;
constexpr int MR = 8;  // 32 vector registers: 16 accumulators fit
#elif defined(__AVX__)
constexpr int VB = 32;
constexpr int MR = 4;
#else
constexpr int VB = 16;
constexpr int MR = 4;
#endif

template <typename T>
struct Vec {
  typedef T type __attribute__((vector_size(VB)));
};

// Scratch kept between calls, so a training step allocates nothing once sizes are known. One per calling
// thread: sweep trials run on several worker threads of one process, each with the addon loaded.
template <typename T>
struct Scratch {
  std::vector<T> a, b, bias;
};

template <typename T>
static Scratch<T>& scratch() {
  static thread_local Scratch<T> s;
  return s;
}

// One row block of MR (rows i..): for each p the MR values A(i + r, p); rows past m zero, or ones at m
// (the row of ones whose products are the column sums of B).
template <typename T>
static void packA(const T* a, long rs, long cs, int m, int k, bool ones, int i, T* dst) {
  if (i + MR <= m) {  // a whole block of rows: no padding, no branch per element
    if (rs == 1) {  // A^T of a row-major array (the weight gradient): each p's MR values lie side by side
      for (int p = 0; p < k; p++, dst += MR) std::memcpy(dst, a + i + p * cs, MR * sizeof(T));
      return;
    }
    if (cs == 1) {  // row-major A (the forward product, dX): MR rows read side by side
      const T* row[MR];
      for (int r = 0; r < MR; r++) row[r] = a + (i + r) * rs;
      for (int p = 0; p < k; p++, dst += MR)
        for (int r = 0; r < MR; r++) dst[r] = row[r][p];
      return;
    }
  }
  for (int p = 0; p < k; p++)
    for (int r = 0; r < MR; r++) {
      const int ii = i + r;
      *dst++ = ii < m ? a[ii * rs + p * cs] : (ones && ii == m ? T(1) : T(0));
    }
}

// One column panel of NR = NV vectors (columns j..): for each p the NR values B(p, j + jj), zero past n.
template <typename T, int NV>
static void packB(const T* b, long rs, long cs, int k, int n, int j, T* dst) {
  constexpr int NR = NV * VB / sizeof(T);
  if (cs == 1 && j + NR <= n) {  // contiguous full panel: one block copy per row
    for (int p = 0; p < k; p++, dst += NR) std::memcpy(dst, b + p * rs + j, NR * sizeof(T));
    return;
  }
  for (int p = 0; p < k; p++)
    for (int jj = 0; jj < NR; jj++) *dst++ = j + jj < n ? b[p * rs + (j + jj) * cs] : T(0);
}

// The register tile (native/tile.inc), compiled twice: for float32 with its multiply-adds fused (one
// rounding per a*b + c, as BLAS does), which is what the CPU's FMA units run at full rate (20-25% faster
// here than separate multiply and add); for float64 without, so that float64 products are the portable
// kernels' bits on every path (same summation order, same roundings). Contraction is a property of the
// function being compiled (an inlined helper takes its caller's), hence two functions.
#define NNLAB_TILE tileFused
#define NNLAB_TILE_ATTRIBUTES __attribute__((optimize("fp-contract=fast")))
#include "tile.inc"
#undef NNLAB_TILE
#undef NNLAB_TILE_ATTRIBUTES
#define NNLAB_TILE tileStrict
#define NNLAB_TILE_ATTRIBUTES
#include "tile.inc"

// The tile for T: fused multiply-adds for float32 only.
template <typename T, int NV>
static inline void tile(int i, int j, int m, int n, int k, int rows, const T* ap, const T* bp, T* c, const T* bias, T* reluOut, T* sums) {
  if constexpr (std::is_same<T, float>::value) tileFused<T, NV>(i, j, m, n, k, rows, ap, bp, c, bias, reluOut, sums);
  else tileStrict<T, NV>(i, j, m, n, k, rows, ap, bp, c, bias, reluOut, sums);
}

template <typename T, int NV>
static void product(int form, int m, int n, int k, const T* a, const T* b, T* c, const T* bias, T* reluOut, T* sums, int threads) {
  constexpr int NR = NV * VB / sizeof(T);
  const bool ones = sums != nullptr;
  const int rows = m + (ones ? 1 : 0);
  const int blocks = (rows + MR - 1) / MR;
  const int panels = (n + NR - 1) / NR;
  const int np = panels * NR;
  Scratch<T>& s = scratch<T>();
  if (s.a.size() < size_t(blocks * MR * k + 1)) s.a.resize(blocks * MR * k + 1);
  if (s.b.size() < size_t(np * k + 1)) s.b.resize(np * k + 1);
  if (s.bias.size() < size_t(np)) s.bias.resize(np);
  if (bias) {
    std::memset(s.bias.data(), 0, np * sizeof(T));
    std::memcpy(s.bias.data(), bias, n * sizeof(T));
  }
  // A(i, p) = a[i*rs + p*cs]: A*B and A*B^T read a as [m, k], A^T*B as [k, m]; B likewise
  const long ars = form == 1 ? 1 : k, acs = form == 1 ? m : 1;
  const long brs = form == 2 ? 1 : n, bcs = form == 2 ? k : 1;
  T* pa = s.a.data();
  T* pb = s.b.data();
  const T* pbias = bias ? s.bias.data() : nullptr;
  // Threads (OpenMP, when built with it) pack their share of A and B, meet once, then take whole column
  // panels: each element of C is summed by one thread in p order, so the bits do not depend on the count.
#pragma omp parallel num_threads(threads) if (threads > 1 && panels > 1)
  {
#pragma omp for schedule(static) nowait
    for (int q = 0; q < panels; q++) packB<T, NV>(b, brs, bcs, k, n, q * NR, pb + long(q) * NR * k);
#pragma omp for schedule(static)
    for (int ib = 0; ib < blocks; ib++) packA(a, ars, acs, m, k, ones, ib * MR, pa + long(ib) * MR * k);
#pragma omp for schedule(static)
    for (int q = 0; q < panels; q++)
      for (int ib = 0; ib < blocks; ib++)
        tile<T, NV>(ib * MR, q * NR, m, n, k, rows, pa + long(ib) * MR * k, pb + long(q) * NR * k, c, pbias, reluOut, sums);
  }
}

// Panels two vectors wide, or one where n fits in one vector (a 10-class output: 16 columns computed
// for 10 in float32 instead of 32).
template <typename T>
static void product(int form, int m, int n, int k, const T* a, const T* b, T* c, const T* bias, T* reluOut, T* sums, int threads) {
  if (n <= int(VB / sizeof(T))) product<T, 1>(form, m, n, k, a, b, c, bias, reluOut, sums, threads);
  else product<T, 2>(form, m, n, k, a, b, c, bias, reluOut, sums, threads);
}

// w -= alpha * g, each product and difference rounded as TypeScript's double arithmetic rounds it.
template <typename T>
static void subtractScaled(T* w, const T* g, long length, double alpha, int threads) {
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1 && length >= (1 << 16))
  for (long i = 0; i < length; i++) w[i] = T(double(w[i]) - alpha * double(g[i]));
}

// out = z > 0 ? g : 0 (ReLU's backward).
template <typename T>
static void reluBackward(const T* z, const T* g, T* out, long length) {
  for (long i = 0; i < length; i++) out[i] = z[i] > 0 ? g[i] : T(0);
}


// product(form, m, n, k, a, b, c, bias?, reluOut?, sums?, threads?) on Float32Arrays or Float64Arrays.
static napi_value Product(napi_env env, napi_callback_info info) {
  size_t argc = 11;
  napi_value argv[11];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  int threads = 1;
  if (argc > 10) napi_get_value_int32(env, argv[10], &threads);
  int dims[4];
  for (int i = 0; i < 4; i++) napi_get_value_int32(env, argv[i], &dims[i]);
  void* data[6] = {};
  napi_typedarray_type type = napi_float32_array;
  size_t length;
  for (int i = 0; i < 6 && size_t(4 + i) < argc; i++) data[i] = typedArrayData(env, argv[4 + i], &type, &length);
  if (type == napi_float64_array) {
    product<double>(dims[0], dims[1], dims[2], dims[3], (const double*)data[0], (const double*)data[1], (double*)data[2],
                    (const double*)data[3], (double*)data[4], (double*)data[5], threads);
  } else {
    product<float>(dims[0], dims[1], dims[2], dims[3], (const float*)data[0], (const float*)data[1], (float*)data[2],
                   (const float*)data[3], (float*)data[4], (float*)data[5], threads);
  }
  return nullptr;
}

// subtractScaled(w, g, alpha, threads): w -= alpha * g in place, both Float32Array or both Float64Array.
static napi_value SubtractScaled(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  napi_typedarray_type type;
  size_t length;
  void* w = typedArrayData(env, argv[0], &type, &length);
  void* g = typedArrayData(env, argv[1], &type, &length);
  double alpha;
  int threads = 1;
  napi_get_value_double(env, argv[2], &alpha);
  napi_get_value_int32(env, argv[3], &threads);
  if (type == napi_float64_array) subtractScaled((double*)w, (const double*)g, long(length), alpha, threads);
  else subtractScaled((float*)w, (const float*)g, long(length), alpha, threads);
  return nullptr;
}

// reluBackward(z, g, out): out = z > 0 ? g : 0, all Float32Array or all Float64Array.
static napi_value ReluBackward(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  napi_typedarray_type type;
  size_t length;
  void* z = typedArrayData(env, argv[0], &type, &length);
  void* g = typedArrayData(env, argv[1], &type, &length);
  void* out = typedArrayData(env, argv[2], &type, &length);
  if (type == napi_float64_array) reluBackward((const double*)z, (const double*)g, (double*)out, long(length));
  else reluBackward((const float*)z, (const float*)g, (float*)out, long(length));
  return nullptr;
}

static void exportFunction(napi_env env, napi_value exports, const char* name, napi_callback cb) {
  napi_value fn;
  napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, nullptr, &fn);
  napi_set_named_property(env, exports, name, fn);
}

void registerUpdates(napi_env env, napi_value exports);  // native/update.cc

static napi_value Init(napi_env env, napi_value exports) {
  exportFunction(env, exports, "product", Product);
  registerUpdates(env, exports);
  exportFunction(env, exports, "subtractScaled", SubtractScaled);
  exportFunction(env, exports, "reluBackward", ReluBackward);
  napi_value width;
  napi_create_int32(env, VB * 8, &width);
  napi_set_named_property(env, exports, "vectorBits", width);
  // what src/node/native.ts expects (NATIVE_ABI there): an addon built from older sources is not used
  napi_value abi;
  napi_create_int32(env, 2, &abi);
  napi_set_named_property(env, exports, "abiVersion", abi);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
