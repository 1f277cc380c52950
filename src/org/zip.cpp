#include "org/zip.h"

#include <zip.h>

namespace org {

using core::Error;
using core::Result;

Result<ZipReader> ZipReader::Open(std::string_view bytes, Limits limits) {
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &ze);
  zip_t* za = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : nullptr;
  zip_error_fini(&ze);
  if (!za) {
    if (src) zip_source_free(src);
    return Error::Invalid("file", "not a ZIP archive");
  }
  ZipReader z(limits);
  z.za_ = za;
  return z;
}

ZipReader::ZipReader(ZipReader&& o) noexcept : limits_(o.limits_), za_(o.za_), total_(o.total_) { o.za_ = nullptr; }

ZipReader::~ZipReader() {
  if (za_) zip_discard(za_);
}

std::vector<std::string> ZipReader::Names() const {
  std::vector<std::string> out;
  zip_int64_t n = zip_get_num_entries(za_, 0);
  for (zip_int64_t i = 0; i < n; ++i) out.emplace_back(zip_get_name(za_, zip_uint64_t(i), 0));
  return out;
}

bool ZipReader::Has(const std::string& name) const { return zip_name_locate(za_, name.c_str(), 0) >= 0; }

Result<std::string> ZipReader::Read(const std::string& name) {
  zip_int64_t idx = zip_name_locate(za_, name.c_str(), 0);
  if (idx < 0) return Error::NotFound(name);
  zip_file_t* f = zip_fopen_index(za_, zip_uint64_t(idx), 0);
  if (!f) return Error::Invalid("file", name + ": cannot be read (encrypted or damaged)");
  std::string data;
  char buf[64 * 1024];
  for (;;) {
    zip_int64_t n = zip_fread(f, buf, sizeof buf);
    if (n < 0) {
      zip_fclose(f);
      return Error::Invalid("file", name + ": cannot be decompressed");
    }
    if (n == 0) break;
    data.append(buf, size_t(n));
    total_ += size_t(n);
    if (data.size() > limits_.max_entry_bytes || total_ > limits_.max_total_bytes) {
      zip_fclose(f);
      return Error{core::ErrorCode::kTooLarge, name + ": too large once decompressed", "file", {}};
    }
  }
  zip_fclose(f);
  return data;
}

}  // namespace org
