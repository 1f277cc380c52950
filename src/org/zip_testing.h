// Test helper: ZIP archives built in memory with libzip (XLSX workbooks, ZIPs of resumes, DOCX).
#pragma once

#include <zip.h>

#include <string>
#include <utility>
#include <vector>

namespace org::testing {

// A ZIP archive in memory holding `entries` (name, content), written by libzip.
inline std::string
MakeZip(const std::vector<std::pair<std::string, std::string>> &entries) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t *src = zip_source_buffer_create(nullptr, 0, 0, &err);
  zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &err);
  zip_source_keep(src);
  for (const auto &[name, data] : entries) {
    zip_source_t *s = zip_source_buffer(za, data.data(), data.size(), 0);
    zip_file_add(za, name.c_str(), s, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8);
  }
  zip_close(za);
  std::string out;
  if (zip_source_open(src) == 0) {
    zip_source_seek(src, 0, SEEK_END);
    const zip_int64_t size = zip_source_tell(src);
    zip_source_seek(src, 0, SEEK_SET);
    out.resize(size_t(size));
    zip_source_read(src, out.data(), zip_uint64_t(size));
    zip_source_close(src);
  }
  zip_source_free(src);
  zip_error_fini(&err);
  return out;
}

}  // namespace org::testing
