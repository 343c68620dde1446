// The one N-API helper both native files need: the data of a Float32Array or Float64Array argument, with
// its element type and length (null when the value is neither).
#pragma once
#include <node_api.h>

static inline void* typedArrayData(napi_env env, napi_value v, napi_typedarray_type* type, size_t* length) {
  bool is = false;
  napi_is_typedarray(env, v, &is);
  if (!is) return nullptr;
  void* data;
  napi_value buffer;
  size_t offset;
  napi_get_typedarray_info(env, v, type, length, &data, &buffer, &offset);
  return data;
}
