// Durable file storage for uploads (resumes, recordings, evidence) under one root directory.
// A file is written to a temporary name, fsync'd, renamed into place and its directory fsync'd, so
// after a crash a key either names a complete file or nothing. Keys are random (not content
// hashes) so that deleting one owner's file never removes another's copy of the same bytes.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace blob {

class Store {
 public:
  // `root` is created when missing. Thread-safe: every call works on distinct files.
  explicit Store(std::string root);

  // Moves `path` (a temp file on the same file system, e.g. a streamed upload) into the store.
  // Falls back to copying across file systems. Returns the new key.
  core::Result<std::string> PutFile(const std::string& path);
  core::Result<std::string> PutBytes(std::string_view bytes);
  // kNotFound for an unknown or malformed key.
  core::Result<std::string> Read(const std::string& key) const;
  // Removing a missing key is not an error (deletion is idempotent).
  core::Status Remove(const std::string& key);
  // The file's path; kInvalid for a malformed key (never escapes the root).
  core::Result<std::string> PathOf(const std::string& key) const;
  const std::string& root() const { return root_; }

 private:
  std::string root_;  // set at construction
};

}  // namespace blob
