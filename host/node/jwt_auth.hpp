// Engine-API-style JWT authentication for the node's RPC: HS256 over a 32-byte shared secret kept
// as hex in a file, and a token whose `iat` claim must lie within kJwtIatToleranceSeconds of now.
// No other claim is required; `exp` and friends are ignored, as the Engine API allows.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "state/bytes.hpp"

namespace warp {

using JwtSecret = std::array<uint8_t, 32>;

// A token issued further than this from the server's clock, either way, is refused: it bounds how
// long a captured token can be replayed without asking both sides to keep state.
inline constexpr int64_t kJwtIatToleranceSeconds = 60;

// Loads the secret: 64 hex digits, an optional 0x prefix, surrounding whitespace ignored.
// Anything else yields a message that names the file and what is wrong with it.
std::variant<JwtSecret, std::string> load_jwt_secret(const std::filesystem::path& path);

// Checks an Authorization header value ("Bearer <token>"). Returns "" when the token is valid at
// `now_unix_seconds`, else a one-line reason (safe to send back to the client: it never echoes
// the secret or the expected signature).
std::string check_jwt(std::string_view authorization_header, const JwtSecret& secret, int64_t now_unix_seconds);

// A token with header {"alg":"HS256","typ":"JWT"} and claims {"iat":iat}: for tests and load generators.
std::string make_jwt(const JwtSecret& secret, int64_t iat);

// The pieces, exposed so tests can check them against published vectors.
// Base64url (RFC 4648 section 5) without padding.
std::string base64url_encode(ByteView bytes);
// Strict: refuses '=', characters outside the alphabet, an impossible length, and non-zero
// bits left over in the last character (so every byte string has exactly one accepted encoding).
std::optional<Bytes> base64url_decode(std::string_view text);
// Throws std::runtime_error only if OpenSSL itself fails (it never returns a MAC it did not compute).
std::array<uint8_t, 32> hmac_sha256(ByteView key, ByteView message);

}  // namespace warp
