// org::ZipReader: a read-only ZIP archive over caller-owned bytes (libzip), counting what it
// decompresses so that a zip bomb stops at the caller's limits. Shared by the XLSX reader and the
// ZIP-of-resumes import.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

struct zip;

namespace org {

class ZipReader {
 public:
  struct Limits {
    size_t max_entry_bytes;  // one member, decompressed
    size_t max_total_bytes;  // every member read so far, decompressed
  };
  // kInvalid "file" when the bytes are not a ZIP archive.
  static core::Result<ZipReader> Open(std::string_view bytes, Limits limits);
  ZipReader(ZipReader&& o) noexcept;
  ZipReader& operator=(ZipReader&&) = delete;
  ~ZipReader();

  std::vector<std::string> Names() const;
  bool Has(const std::string& name) const;
  // kNotFound(name) when absent; kInvalid "file" when it cannot be read or decompressed (encrypted,
  // damaged); kTooLarge "file" past either limit.
  core::Result<std::string> Read(const std::string& name);

 private:
  explicit ZipReader(Limits limits) : limits_(limits) {}
  Limits limits_;
  struct zip* za_ = nullptr;
  size_t total_ = 0;
};

}  // namespace org
