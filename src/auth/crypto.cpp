#include "auth/crypto.h"

#include <sodium.h>
#include <sys/stat.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>

namespace auth {

using core::Error;
using core::Result;

void InitCrypto() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) std::abort();
  });
}

Result<std::string> HashPassword(std::string_view password) {
  InitCrypto();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
    return Error::Internal("password hashing failed (out of memory)");
  return std::string(out);
}

bool VerifyPassword(const std::string& hash, std::string_view password) {
  InitCrypto();
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

core::Status CheckPasswordPolicy(std::string_view pw, std::string_view field) {
  if (pw.size() < 10) return Error::Invalid(std::string(field), "password must have at least 10 characters");
  if (pw.size() > 256) return Error::Invalid(std::string(field), "password must have at most 256 characters");
  bool lower = false, upper = false, digit = false, other = false;
  for (unsigned char c : pw) {
    if (c >= 'a' && c <= 'z') lower = true;
    else if (c >= 'A' && c <= 'Z') upper = true;
    else if (c >= '0' && c <= '9') digit = true;
    else other = true;
  }
  if (int(lower) + int(upper) + int(digit) + int(other) < 2)
    return Error::Invalid(std::string(field), "password must mix at least two kinds of characters");
  return {};
}

std::string Base64Encode(std::string_view data) {
  InitCrypto();
  std::string out(sodium_base64_ENCODED_LEN(data.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

Result<std::string> Base64Decode(std::string_view text) {
  InitCrypto();
  std::string out(text.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                        &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    return Error::Invalid("base64", "not valid base64");
  out.resize(len);
  return out;
}

std::string RandomToken(size_t bytes) {
  InitCrypto();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::string Sha256Hex(std::string_view data) {
  InitCrypto();
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, h, sizeof h);
  return hex;
}

Result<FieldCipher> FieldCipher::FromEnvOrFile(const std::string& key_file) {
  InitCrypto();
  std::array<unsigned char, 32> key{};
  std::string b64;
  if (const char* env = std::getenv("HIREFLOW_SECRET_KEY"); env && *env) {
    b64 = env;
  } else {
    std::ifstream in(key_file);
    if (in) {
      std::getline(in, b64);
    } else {
      randombytes_buf(key.data(), key.size());
      b64 = Base64Encode(std::string_view(reinterpret_cast<char*>(key.data()), key.size()));
      std::string tmp = key_file + ".tmp";
      {
        std::ofstream out(tmp, std::ios::trunc);
        if (!out) return Error::Internal("cannot write key file " + key_file);
        out << b64 << "\n";
      }
      ::chmod(tmp.c_str(), 0600);
      if (std::rename(tmp.c_str(), key_file.c_str()) != 0) return Error::Internal("cannot write key file " + key_file);
    }
  }
  HF_ASSIGN(std::string raw, Base64Decode(b64));
  if (raw.size() != key.size()) return Error::Invalid("HIREFLOW_SECRET_KEY", "the field key must be 32 bytes, base64");
  std::copy(raw.begin(), raw.end(), key.begin());
  return FieldCipher(key);
}

std::string FieldCipher::Encrypt(std::string_view plaintext) const {
  std::string buf(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plaintext.size(), '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(buf.data());
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES, reinterpret_cast<const unsigned char*>(plaintext.data()),
                        plaintext.size(), nonce, key_.data());
  return "v1:" + Base64Encode(buf);
}

Result<std::string> FieldCipher::Decrypt(std::string_view ciphertext) const {
  if (ciphertext.substr(0, 3) != "v1:") return Error::Internal("unknown ciphertext version");
  HF_ASSIGN(std::string buf, Base64Decode(ciphertext.substr(3)));
  if (buf.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) return Error::Internal("ciphertext too short");
  std::string out(buf.size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
  auto* nonce = reinterpret_cast<const unsigned char*>(buf.data());
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(out.data()), nonce + crypto_secretbox_NONCEBYTES,
                                 buf.size() - crypto_secretbox_NONCEBYTES, nonce, key_.data()) != 0)
    return Error::Internal("ciphertext failed authentication (wrong key or tampered)");
  return out;
}

}  // namespace auth
