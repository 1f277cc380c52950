// Cryptographic primitives (libsodium): argon2id password hashes, random tokens, SHA-256,
// and authenticated encryption of sensitive fields at rest (XSalsa20-Poly1305 secretbox).
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "core/error.h"

namespace auth {

// Must be called once before any other function here (idempotent, thread-safe).
void InitCrypto();

// argon2id (libsodium crypto_pwhash_str, interactive limits). The result embeds salt and params.
core::Result<std::string> HashPassword(std::string_view password);
bool VerifyPassword(const std::string& hash, std::string_view password);
// Password policy: at least 10 characters, not all of one class. kInvalid naming `field`.
core::Status CheckPasswordPolicy(std::string_view password, std::string_view field = "password");

std::string RandomToken(size_t bytes = 32);  // URL-safe base64 without padding
std::string Sha256Hex(std::string_view data);
std::string Base64Encode(std::string_view data);
core::Result<std::string> Base64Decode(std::string_view text);

// Encrypts/decrypts text fields with a 32-byte key held outside the database.
// Ciphertext format: "v1:" + base64(nonce || box).
class FieldCipher {
 public:
  explicit FieldCipher(const std::array<unsigned char, 32>& key) : key_(key) {}
  // Loads the key from HIREFLOW_SECRET_KEY (base64 of 32 bytes) or from KEY_FILE, creating the
  // file with a fresh random key (mode 0600) when it does not exist.
  static core::Result<FieldCipher> FromEnvOrFile(const std::string& key_file);
  std::string Encrypt(std::string_view plaintext) const;
  core::Result<std::string> Decrypt(std::string_view ciphertext) const;

 private:
  std::array<unsigned char, 32> key_;
};

}  // namespace auth
