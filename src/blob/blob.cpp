#include "blob/blob.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "auth/crypto.h"

namespace blob {

namespace fs = std::filesystem;
using core::Error;
using core::Result;
using core::Status;

namespace {

bool ValidKey(const std::string& key) {
  if (key.size() < 8 || key.size() > 64) return false;
  for (char c : key)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
  return true;
}

Status SyncPath(const std::string& path, bool dir) {
  int fd = ::open(path.c_str(), dir ? O_RDONLY | O_DIRECTORY : O_RDONLY);
  if (fd < 0) return Error::Internal("cannot open " + path + " to sync");
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return Error::Internal("fsync failed for " + path);
  return {};
}

}  // namespace

Store::Store(std::string root) : root_(std::move(root)) {
  std::error_code ec;
  fs::create_directories(root_, ec);
}

Result<std::string> Store::PathOf(const std::string& key) const {
  if (!ValidKey(key)) return Error::Invalid("key", "malformed file key");
  return root_ + "/" + key.substr(0, 2) + "/" + key;
}

Result<std::string> Store::PutFile(const std::string& path) {
  std::string key = auth::RandomToken(18);
  HF_ASSIGN(std::string dest, PathOf(key));
  std::string dir = fs::path(dest).parent_path().string();
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Error::Internal("cannot create " + dir + ": " + ec.message());
  HF_TRY(SyncPath(path, false));
  fs::rename(path, dest, ec);
  if (ec) {  // another file system: copy to a temp name in place, then rename
    std::string tmp = dest + ".tmp";
    fs::copy_file(path, tmp, fs::copy_options::overwrite_existing, ec);
    if (ec) return Error::Internal("cannot store file: " + ec.message());
    HF_TRY(SyncPath(tmp, false));
    fs::rename(tmp, dest, ec);
    if (ec) return Error::Internal("cannot store file: " + ec.message());
    fs::remove(path, ec);
  }
  HF_TRY(SyncPath(dir, true));
  return key;
}

Result<std::string> Store::PutBytes(std::string_view bytes) {
  std::string tmp = root_ + "/.in-" + auth::RandomToken(12);
  {
    std::ofstream out(tmp, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) return Error::Internal("cannot write " + tmp);
  }
  auto r = PutFile(tmp);
  if (!r.ok()) {
    std::error_code ec;
    fs::remove(tmp, ec);
  }
  return r;
}

Result<std::string> Store::Read(const std::string& key) const {
  auto p = PathOf(key);
  if (!p.ok()) return Error::NotFound("no such file");
  std::ifstream in(*p, std::ios::binary);
  if (!in) return Error::NotFound("no such file");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Status Store::Remove(const std::string& key) {
  HF_ASSIGN(std::string p, PathOf(key));
  std::error_code ec;
  fs::remove(p, ec);
  if (ec) return Error::Internal("cannot remove file: " + ec.message());
  return {};
}

}  // namespace blob
