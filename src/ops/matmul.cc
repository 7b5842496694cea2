// matMul and dense: shape rules, batch broadcasting, transposed operands copied row-major, and
// one f32-gemm call per batch matrix.
#include "ops/matmul.h"

#include <cstring>
#include <limits>
#include <string>

#include "core/checked.h"
#include "core/format.h"
#include "core/parallel.h"
#include "core/shape.h"

namespace condense {

namespace {

std::string dims_str(const std::int64_t* dims, int rank) {
  std::string s = "[";
  for (int i = 0; i < rank; ++i) s += (i > 0 ? ", " : "") + to_str(dims[i]);
  return s + "]";
}

Status check_dims(const char* fn, const char* name, const std::int64_t* dims, int rank, int lo,
                  int hi, std::size_t* elements) {
  if (rank < lo || rank > hi) {
    return Status::Range(std::string(fn) + ": " + name + " must have rank " + to_str(lo) +
                         (lo == hi ? "" : " to " + to_str(hi)) + " (got rank " + to_str(rank) +
                         ")");
  }
  for (int i = 0; i < rank; ++i) {
    if (dims[i] < 1 || dims[i] > kMaxDim) {
      return Status::Range(std::string(fn) + ": " + name + ".shape must have extents in [1, " +
                           to_str(kMaxDim) + "] (got " + dims_str(dims, rank) + ")");
    }
  }
  std::size_t bytes = 0;
  if (!checked_product(dims, static_cast<std::size_t>(rank), elements) ||
      !checked_mul(*elements, sizeof(float), &bytes) || bytes > kMaxBufferBytes) {
    return Status::Range(std::string(fn) + ": " + name + " is too large (shape " +
                         dims_str(dims, rank) + ")");
  }
  return Status::Ok();
}

}  // namespace

Status plan_matmul(const char* fn, const MatMulParams& p, MatMulPlan* plan) {
  std::size_t a_elements = 0;
  std::size_t b_elements = 0;
  CONDENSE_RETURN_IF_ERROR(
      check_dims(fn, p.a_name, p.a_dims, p.a_rank, p.dense ? 1 : 2, p.dense ? 5 : 3, &a_elements));
  CONDENSE_RETURN_IF_ERROR(
      check_dims(fn, p.b_name, p.b_dims, p.b_rank, 2, p.dense ? 2 : 3, &b_elements));
  MatMulPlan out;
  out.transpose_a = p.transpose_a && !p.dense;
  out.transpose_b = p.transpose_b;
  out.clamp = p.clamp;
  const std::int64_t* ad = p.a_dims;
  const std::int64_t* bd = p.b_dims;
  const int ar = p.a_rank;
  const int br = p.b_rank;
  std::int64_t m = 0;
  std::int64_t k = 0;
  std::int64_t batch_a = 1;
  if (p.dense) {
    k = ad[ar - 1];
    m = static_cast<std::int64_t>(a_elements) / k;
  } else {
    batch_a = ar == 3 ? ad[0] : 1;
    m = out.transpose_a ? ad[ar - 1] : ad[ar - 2];
    k = out.transpose_a ? ad[ar - 2] : ad[ar - 1];
  }
  const std::int64_t batch_b = br == 3 ? bd[0] : 1;
  const std::int64_t kb = out.transpose_b ? bd[br - 1] : bd[br - 2];
  const std::int64_t n = out.transpose_b ? bd[br - 2] : bd[br - 1];
  if (kb != k) {
    const std::string where = out.transpose_b ? "its last dimension" : "its rows (dimension -2)";
    return Status::Range(std::string(fn) + ": " + p.b_name + ".shape must have " + to_str(k) +
                         " (" + p.a_name + "'s inner dimension) in " + where + " (got " +
                         dims_str(bd, br) + ")");
  }
  if (batch_a != batch_b && batch_a != 1 && batch_b != 1) {
    return Status::Range(std::string(fn) + ": " + p.b_name + ".shape must have batch " +
                         to_str(batch_a) + " (" + p.a_name + "'s) or 1 (got " + dims_str(bd, br) +
                         ")");
  }
  if (p.bias_count >= 0 && p.bias_count != n) {
    return Status::Range(std::string(fn) + ": bias.length must equal the output columns " +
                         to_str(n) + " (got " + to_str(p.bias_count) + ")");
  }
  const std::int64_t batch = batch_a > batch_b ? batch_a : batch_b;
  out.batch = static_cast<std::size_t>(batch);
  out.m = static_cast<std::size_t>(m);
  out.k = static_cast<std::size_t>(k);
  out.n = static_cast<std::size_t>(n);
  out.broadcast_a = batch_a == 1 && batch > 1;
  out.broadcast_b = batch_b == 1 && batch > 1;
  if (p.dense) {
    out.out_rank = ar;
    for (int i = 0; i + 1 < ar; ++i) out.out_dims[i] = ad[i];
    out.out_dims[ar - 1] = n;
  } else if (ar == 3 || br == 3) {
    out.out_rank = 3;
    out.out_dims[0] = batch;
    out.out_dims[1] = m;
    out.out_dims[2] = n;
  } else {
    out.out_rank = 2;
    out.out_dims[0] = m;
    out.out_dims[1] = n;
  }
  std::size_t bytes = 0;
  if (!checked_product(out.out_dims, static_cast<std::size_t>(out.out_rank), &out.out_elements) ||
      !checked_mul(out.out_elements, sizeof(float), &bytes) || bytes > kMaxBufferBytes) {
    return Status::Range(std::string(fn) + ": the output " + dims_str(out.out_dims, out.out_rank) +
                         " is too large");
  }
  *plan = out;
  return Status::Ok();
}

namespace {

// dst [cols, rows] = src [rows, cols] transposed.
void transpose(std::size_t rows, std::size_t cols, const float* src, float* dst) {
  constexpr std::size_t kBlock = 32;
  for (std::size_t r0 = 0; r0 < rows; r0 += kBlock) {
    const std::size_t r1 = r0 + kBlock < rows ? r0 + kBlock : rows;
    for (std::size_t c0 = 0; c0 < cols; c0 += kBlock) {
      const std::size_t c1 = c0 + kBlock < cols ? c0 + kBlock : cols;
      for (std::size_t r = r0; r < r1; ++r) {
        for (std::size_t c = c0; c < c1; ++c) dst[c * rows + r] = src[r * cols + c];
      }
    }
  }
}

// Columns per packed panel of B (the SIMD kernel's tile width).
constexpr std::size_t kPanel = 8;
// Rows of the SIMD kernel's register tile.
constexpr std::size_t kRowTile = 4;
// Pack B when A has at least this many rows (packing costs one pass over B; it pays when the
// panels are reused by several row blocks).
constexpr std::size_t kPackMinRows = 8;

// B (k x n; stored [n, k] when transposed) as ceil(n / 8) panels of k rows of 8 floats
// (XNNPACK's packed weights without the bias): panel q holds columns 8q .. 8q + 7, contiguous in
// k, so the kernel streams it; columns past n are left unset and never read. Packs panels
// [q0, q1). Row-major B is read a row at a time (each row's 8-float pieces go to every panel's
// stream): reading one panel's 32 bytes from every row instead loads each of B's cache lines once
// per panel it holds, which for a Dense kernel larger than the cache ([3136, 128]) cost more than
// the product.
void pack_b(std::size_t k, std::size_t n, const float* b, bool transposed, float* packed,
            std::size_t q0, std::size_t q1) {
  if (transposed) {
    for (std::size_t q = q0; q < q1; ++q) {
      const std::size_t j0 = q * kPanel;
      const std::size_t width = n - j0 < kPanel ? n - j0 : kPanel;
      float* panel = packed + j0 * k;
      for (std::size_t p = 0; p < k; ++p) {
        for (std::size_t jj = 0; jj < width; ++jj) panel[p * kPanel + jj] = b[(j0 + jj) * k + p];
      }
    }
    return;
  }
  const std::size_t full_end = q1 * kPanel <= n ? q1 : n / kPanel;  // panels with all 8 columns
  for (std::size_t p = 0; p < k; ++p) {
    const float* row = b + p * n;
    for (std::size_t q = q0; q < full_end; ++q) {
      std::memcpy(packed + q * kPanel * k + p * kPanel, row + q * kPanel, kPanel * sizeof(float));
    }
    for (std::size_t q = full_end > q0 ? full_end : q0; q < q1; ++q) {
      const std::size_t j0 = q * kPanel;
      for (std::size_t j = j0; j < n; ++j) packed[j0 * k + p * kPanel + (j - j0)] = row[j];
    }
  }
}

// Rows of B per block when B is read in place (unpacked, row stride b_stride): a few rows of A
// against B's full rows a block at a time, so that B streams through the cache in order instead
// of one column tile at a time down all of its rows.
constexpr std::size_t kBlockBytes = 65536;
constexpr std::size_t kMinBlockRows = 64;
// Only for a B larger than this (bytes): a smaller one stays in the cache between column tiles.
constexpr std::size_t kBlockMinB = std::size_t{1} << 20;

// gemm over k in blocks of rows of B: the first block's sums start at +0, the others continue
// from the floats left in c (gemm_acc), the last adds the bias and clamps; every element is still
// one running sum over k in order (a stored float is the exact running value), so the bits equal
// one gemm call's.
void gemm_k_blocks(const KernelTable& table, std::size_t m, std::size_t n, std::size_t k,
                   const float* a, std::size_t a_stride, const float* b, std::size_t b_stride,
                   const float* bias, float* c, std::size_t c_stride, float lo, float hi) {
  std::size_t block = kBlockBytes / (n * sizeof(float));
  if (block < kMinBlockRows) block = kMinBlockRows;
  if (block >= k || k * b_stride * sizeof(float) < kBlockMinB) {
    table.gemm(m, n, k, a, a_stride, b, b_stride, bias, c, c_stride, lo, hi);
    return;
  }
  const float inf = std::numeric_limits<float>::infinity();
  for (std::size_t p = 0; p < k; p += block) {
    const std::size_t rows = k - p < block ? k - p : block;
    const bool last = p + rows == k;
    (p == 0 ? table.gemm : table.gemm_acc)(m, n, rows, a + p, a_stride, b + p * b_stride, b_stride,
                                           last ? bias : nullptr, c, c_stride, last ? lo : -inf,
                                           last ? hi : inf);
  }
}

}  // namespace

Status run_matmul(const char* fn, const KernelTable& table, const MatMulPlan& plan, const float* a,
                  const float* b, const float* bias, float* y, Workspace& ws) {
  const std::size_t m = plan.m;
  const std::size_t k = plan.k;
  const std::size_t n = plan.n;
  const bool pack = m >= kPackMinRows && n >= kPanel;
  float* a_rows = nullptr;
  float* b_rows = nullptr;
  if (plan.transpose_a)
    CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kRowA, m * k, &a_rows));
  if (pack) {
    const std::size_t panels = (n + kPanel - 1) / kPanel;
    CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kPadded, panels * kPanel * k, &b_rows));
  } else if (plan.transpose_b) {
    CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kRowB, k * n, &b_rows));
  }
  for (std::size_t t = 0; t < plan.batch; ++t) {
    const float* at = a + (plan.broadcast_a ? 0 : t * m * k);
    const float* bt = b + (plan.broadcast_b ? 0 : t * k * n);
    const bool fresh_b = t == 0 || !plan.broadcast_b;
    if (plan.transpose_a && (t == 0 || !plan.broadcast_a)) transpose(k, m, at, a_rows);
    const float* a_mat = plan.transpose_a ? a_rows : at;
    float* yt = y + t * m * n;
    if (pack) {
      if (fresh_b) {
        // Threads pack ranges of panels (each panel written by one thread, same floats).
        CONDENSE_RETURN_IF_ERROR(parallel_for(
            static_cast<std::int64_t>((n + kPanel - 1) / kPanel),
            static_cast<std::int64_t>(kPanel * k), [&](std::int64_t q0, std::int64_t q1, int) {
              pack_b(k, n, bt, plan.transpose_b, b_rows, static_cast<std::size_t>(q0),
                     static_cast<std::size_t>(q1));
            }));
      }
    } else if (plan.transpose_b && fresh_b) {
      transpose(n, k, bt, b_rows);
    }
    const float* b_mat = pack || plan.transpose_b ? b_rows : bt;
    // Work units: column chunks (a packed panel of 8, else 16 columns) x blocks of the SIMD
    // kernel's 4-row tile, chunk-major, so that threads take ranges of B's columns: each reads
    // its part of B once (a Dense layer's few rows would otherwise make every thread stream all
    // of B) and A, small, from its cache. Every output is the kernel's own running sum over k
    // whichever call computes it, so any tiling gives the same bits.
    // (One thread: unpacked B in one call per row range, its widest tiles.)
    const std::size_t chunk = pack ? kPanel : (parallel_threads() > 1 ? 2 * kPanel : n);
    const std::size_t blocks = (m + kRowTile - 1) / kRowTile;
    const std::size_t chunks = (n + chunk - 1) / chunk;
    const std::int64_t unit_work = static_cast<std::int64_t>(kRowTile * chunk * k);
    CONDENSE_RETURN_IF_ERROR(parallel_for(
        static_cast<std::int64_t>(chunks * blocks), unit_work,
        [&](std::int64_t begin, std::int64_t end, int) {
          for (std::size_t u = static_cast<std::size_t>(begin);
               u < static_cast<std::size_t>(end);) {
            const std::size_t j0 = u / blocks * chunk;
            const std::size_t width = n - j0 < chunk ? n - j0 : chunk;
            // The rows of this chunk in the range: one call (the kernel tiles them).
            const std::size_t b0 = u % blocks;
            const std::size_t b1 = blocks < b0 + (static_cast<std::size_t>(end) - u)
                                       ? blocks
                                       : b0 + (static_cast<std::size_t>(end) - u);
            const std::size_t r0 = b0 * kRowTile;
            const std::size_t r1 = b1 * kRowTile < m ? b1 * kRowTile : m;
            const float* b_chunk = pack ? b_mat + j0 * k : b_mat + j0;
            const float* bias_j = bias != nullptr ? bias + j0 : nullptr;
            if (pack) {
              table.gemm(r1 - r0, width, k, a_mat + r0 * k, k, b_chunk, kPanel, bias_j,
                         yt + r0 * n + j0, n, plan.clamp.min, plan.clamp.max);
            } else {
              gemm_k_blocks(table, r1 - r0, width, k, a_mat + r0 * k, k, b_chunk, n, bias_j,
                            yt + r0 * n + j0, n, plan.clamp.min, plan.clamp.max);
            }
            u += b1 - b0;
          }
        }));
  }
  return Status::Ok();
}

}  // namespace condense
