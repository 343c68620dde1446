// nnlab's optional native matrix products for Node (see src/node/native.ts): the same packed,
// register-tiled kernel as src/tensor/wasm, built on this machine with `g++ -O3 -march=native` so it uses
// the CPU's widest vectors (AVX-512 or AVX2) instead of WebAssembly's 128 bits. Compiled with
// -ffp-contract=off: one rounding per multiply and per add, each sum in p order (threads take whole
// column panels), so results are bit-identical to the WebAssembly and portable kernels in float64 and to
// the WebAssembly kernel in float32. It works on the typed arrays in place: no copies in or out.
#include <node_api.h>

#include <cstring>
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

// Scratch kept between calls, so a training step allocates nothing once sizes are known.
template <typename T>
struct Scratch {
  std::vector<T> a, b, bias;
};

template <typename T>
static Scratch<T>& scratch() {
  static Scratch<T> s;
  return s;
}

// Row blocks of MR: for each p the MR values A(i + r, p); rows past m zero, or ones at m (column sums).
template <typename T>
static void packA(const T* a, long rs, long cs, int m, int k, bool ones, T* dst) {
  const int rows = m + (ones ? 1 : 0);
  for (int i = 0; i < rows; i += MR)
    for (int p = 0; p < k; p++)
      for (int r = 0; r < MR; r++) {
        const int ii = i + r;
        *dst++ = ii < m ? a[ii * rs + p * cs] : (ones && ii == m ? T(1) : T(0));
      }
}

// Column panels of NR = two vectors: for each p the NR values B(p, j + jj), zero past n.
template <typename T>
static void packB(const T* b, long rs, long cs, int k, int n, T* dst) {
  constexpr int NR = 2 * VB / sizeof(T);
  for (int j = 0; j < n; j += NR) {
    if (cs == 1 && j + NR <= n) {  // contiguous full panel: one block copy per row
      for (int p = 0; p < k; p++, dst += NR) std::memcpy(dst, b + p * rs + j, NR * sizeof(T));
      continue;
    }
    for (int p = 0; p < k; p++)
      for (int jj = 0; jj < NR; jj++) *dst++ = j + jj < n ? b[p * rs + (j + jj) * cs] : T(0);
  }
}

template <typename T>
static void product(int form, int m, int n, int k, const T* a, const T* b, T* c, const T* bias, T* reluOut, T* sums, int threads) {
  typedef typename Vec<T>::type vec;
  constexpr int L = VB / sizeof(T);
  constexpr int NR = 2 * L;
  const bool ones = sums != nullptr;
  const int rows = m + (ones ? 1 : 0);
  const int np = (n + NR - 1) / NR * NR;
  Scratch<T>& s = scratch<T>();
  if (s.a.size() < size_t((rows + MR) * k + 1)) s.a.resize((rows + MR) * k + 1);
  if (s.b.size() < size_t(np * k + 1)) s.b.resize(np * k + 1);
  if (s.bias.size() < size_t(np)) s.bias.resize(np);
  // A(i, p) = a[i*rs + p*cs]: A*B and A*B^T read a as [m, k], A^T*B as [k, m]; B likewise
  packA(a, form == 1 ? 1 : k, form == 1 ? m : 1, m, k, ones, s.a.data());
  packB(b, form == 2 ? 1 : n, form == 2 ? k : 1, k, n, s.b.data());
  if (bias) {
    std::memset(s.bias.data(), 0, np * sizeof(T));
    std::memcpy(s.bias.data(), bias, n * sizeof(T));
  }
  // Threads (OpenMP, when built with it) take whole column panels: each element of C is still summed by
  // one thread in p order, so the bits do not depend on the thread count.
  const int panels = (n + NR - 1) / NR;
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1 && panels > 1)
  for (int q = 0; q < panels; q++) {
    alignas(64) T tile[MR * NR];
    const int j = q * NR;
    const T* panel = s.b.data() + long(j) * k;
    for (int i = 0; i < rows; i += MR) {
      const T* ap = s.a.data() + long(i) * k;
      const T* bp = panel;
      vec acc[MR][2] = {};
      for (int p = 0; p < k; p++, ap += MR, bp += NR) {
        vec b0, b1;
        std::memcpy(&b0, bp, VB);
        std::memcpy(&b1, bp + L, VB);
        for (int r = 0; r < MR; r++) {
          const vec x = vec{} + ap[r];
          acc[r][0] += x * b0;
          acc[r][1] += x * b1;
        }
      }
      if (bias) {
        vec c0, c1;
        std::memcpy(&c0, s.bias.data() + j, VB);
        std::memcpy(&c1, s.bias.data() + j + L, VB);
        for (int r = 0; r < MR; r++) {
          acc[r][0] += c0;
          acc[r][1] += c1;
        }
      }
      for (int r = 0; r < MR; r++) {
        std::memcpy(tile + r * NR, &acc[r][0], VB);
        std::memcpy(tile + r * NR + L, &acc[r][1], VB);
      }
      const int cols = n - j < NR ? n - j : NR;
      for (int r = 0; r < MR && i + r < rows; r++) {
        const T* t = tile + r * NR;
        if (i + r == m) {  // the row of ones: column sums of B
          for (int jj = 0; jj < cols; jj++) sums[j + jj] = t[jj];
          continue;
        }
        T* out = c + long(i + r) * n + j;
        for (int jj = 0; jj < cols; jj++) out[jj] = t[jj];
        if (reluOut) {
          T* ro = reluOut + long(i + r) * n + j;
          for (int jj = 0; jj < cols; jj++) ro[jj] = t[jj] > 0 ? t[jj] : T(0);
        }
      }
    }
  }
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
  for (int i = 0; i < 6; i++) {
    bool is = false;
    if (size_t(4 + i) < argc) napi_is_typedarray(env, argv[4 + i], &is);
    if (!is) continue;
    size_t length;
    napi_value buffer;
    size_t offset;
    napi_get_typedarray_info(env, argv[4 + i], &type, &length, &data[i], &buffer, &offset);
  }
  if (type == napi_float64_array) {
    product<double>(dims[0], dims[1], dims[2], dims[3], (const double*)data[0], (const double*)data[1], (double*)data[2],
                    (const double*)data[3], (double*)data[4], (double*)data[5], threads);
  } else {
    product<float>(dims[0], dims[1], dims[2], dims[3], (const float*)data[0], (const float*)data[1], (float*)data[2],
                   (const float*)data[3], (float*)data[4], (float*)data[5], threads);
  }
  return nullptr;
}

static napi_value Init(napi_env env, napi_value exports) {
  napi_value fn, width;
  napi_create_function(env, "product", NAPI_AUTO_LENGTH, Product, nullptr, &fn);
  napi_set_named_property(env, exports, "product", fn);
  napi_create_int32(env, VB * 8, &width);
  napi_set_named_property(env, exports, "vectorBits", width);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
