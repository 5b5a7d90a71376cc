#include "host/node/jwt_auth.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <system_error>
#include <variant>

namespace warp {

namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// Real tokens are ~150 characters; the bound keeps a hostile header from costing a large decode.
constexpr size_t kMaxTokenChars = 4096;
// A secret file holds 64 digits and a little whitespace; anything this big is the wrong file.
constexpr std::streamsize kMaxSecretFileBytes = 4096;

int sextet(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// The token after the auth scheme. The scheme name is case-insensitive (RFC 7235 section 2.1).
std::optional<std::string_view> bearer_token(std::string_view header) {
  header = trim(header);
  constexpr std::string_view kScheme = "Bearer";
  if (header.size() <= kScheme.size() || !iequals(header.substr(0, kScheme.size()), kScheme)) return std::nullopt;
  std::string_view rest = header.substr(kScheme.size());
  if (rest.front() != ' ') return std::nullopt;
  rest = trim(rest);
  if (rest.empty()) return std::nullopt;
  return rest;
}

// Decodes one token segment into a JSON object, or says why it is not one.
std::variant<nlohmann::json, std::string> decode_json_object(std::string_view segment) {
  const auto bytes = base64url_decode(segment);
  if (!bytes) return std::string("is not valid unpadded base64url");
  auto json = nlohmann::json::parse(bytes->begin(), bytes->end(), nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return std::string("is not valid JSON");
  if (!json.is_object()) return std::string("is not a JSON object");
  return json;
}

// The signed claim as a number of seconds, or why it is unusable.
std::variant<int64_t, std::string> iat_of(const nlohmann::json& claims) {
  const auto it = claims.find("iat");
  if (it == claims.end()) return std::string("token has no iat claim");
  // Floats (1.5, 1e9) and strings are refused: the spec asks for an integer timestamp.
  if (!it->is_number_integer()) return std::string("iat claim must be an integer (seconds since the Unix epoch)");
  if (it->is_number_unsigned()) {
    const uint64_t u = it->get<uint64_t>();
    if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return std::string("iat claim is out of range");
    return static_cast<int64_t>(u);
  }
  return it->get<int64_t>();
}

// |a - b| without overflow for any pair of int64 values: the unsigned difference of the larger
// minus the smaller is exact because it lies in [0, 2^64).
uint64_t distance(int64_t a, int64_t b) {
  return a >= b ? static_cast<uint64_t>(a) - static_cast<uint64_t>(b)
                : static_cast<uint64_t>(b) - static_cast<uint64_t>(a);
}

std::string signing_input(std::string_view header_json, std::string_view claims_json) {
  return base64url_encode(as_view(header_json)) + "." + base64url_encode(as_view(claims_json));
}

}  // namespace

std::string base64url_encode(ByteView bytes) {
  std::string out;
  out.reserve((bytes.size() * 4 + 2) / 3);
  uint32_t acc = 0;
  int bits = 0;
  for (uint8_t b : bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kAlphabet[(acc >> bits) & 63]);
    }
    acc &= (1u << bits) - 1;
  }
  if (bits > 0) out.push_back(kAlphabet[(acc << (6 - bits)) & 63]);
  return out;
}

std::optional<Bytes> base64url_decode(std::string_view text) {
  // One leftover character carries only 6 bits: no byte string encodes to that length.
  if (text.size() % 4 == 1) return std::nullopt;
  Bytes out;
  out.reserve(text.size() * 3 / 4);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    const int v = sextet(c);
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<uint8_t>(acc >> bits));
      acc &= (1u << bits) - 1;
    }
  }
  if (acc != 0) return std::nullopt;  // non-canonical: padding bits must be zero
  return out;
}

std::array<uint8_t, 32> hmac_sha256(ByteView key, ByteView message) {
  static const uint8_t kEmpty = 0;  // OpenSSL wants valid pointers even for empty inputs
  std::array<uint8_t, 32> out{};
  unsigned len = 0;
  const uint8_t* result = HMAC(EVP_sha256(), key.empty() ? &kEmpty : key.data(), static_cast<int>(key.size()),
                               message.empty() ? &kEmpty : message.data(), message.size(), out.data(), &len);
  // Never fall through with a zero MAC: a token whose signature is all zeros would then pass.
  if (result == nullptr || len != out.size()) throw std::runtime_error("HMAC-SHA256 failed inside OpenSSL");
  return out;
}

std::variant<JwtSecret, std::string> load_jwt_secret(const std::filesystem::path& path) {
  const std::string where = "JWT secret file " + path.string();
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return where + " is a directory";
  std::ifstream in(path, std::ios::binary);
  if (!in) return "cannot open " + where;
  std::string text(static_cast<size_t>(kMaxSecretFileBytes) + 1, '\0');
  in.read(text.data(), kMaxSecretFileBytes + 1);
  if (in.bad()) return "cannot read " + where;
  text.resize(static_cast<size_t>(in.gcount()));
  if (in.gcount() > kMaxSecretFileBytes) return where + " is too large to be a 32-byte hex secret";

  JwtSecret secret{};
  std::string_view hex = trim(text);
  if (hex.size() >= 2 && hex[0] == '0' && (hex[1] == 'x' || hex[1] == 'X')) hex.remove_prefix(2);
  if (hex.size() != 64)
    return where + " must hold 32 bytes as 64 hex digits (optional 0x prefix); found " + std::to_string(hex.size()) +
           " characters";
  const auto bytes = from_hex(hex);
  // from_hex would take a second "0x" as a prefix: the size check catches "0x0x..." too.
  if (!bytes || bytes->size() != secret.size()) return where + " contains a character that is not a hex digit";
  for (size_t i = 0; i < secret.size(); ++i) secret[i] = (*bytes)[i];
  return secret;
}

std::string check_jwt(std::string_view authorization_header, const JwtSecret& secret, int64_t now_unix_seconds) {
  if (trim(authorization_header).empty()) return "missing Authorization header";
  const auto token = bearer_token(authorization_header);
  if (!token) return "Authorization header must be \"Bearer <token>\"";
  if (token->size() > kMaxTokenChars) return "token is too long";

  const size_t dot1 = token->find('.');
  const size_t dot2 = dot1 == std::string_view::npos ? dot1 : token->find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token->find('.', dot2 + 1) != std::string_view::npos)
    return "token must have three dot-separated parts";
  const std::string_view header_part = token->substr(0, dot1);
  const std::string_view claims_part = token->substr(dot1 + 1, dot2 - dot1 - 1);
  const std::string_view signature_part = token->substr(dot2 + 1);

  auto header = decode_json_object(header_part);
  if (auto* why = std::get_if<std::string>(&header)) return "token header " + *why;
  const auto& header_json = std::get<nlohmann::json>(header);
  const auto alg = header_json.find("alg");
  if (alg == header_json.end() || !alg->is_string()) return "token header has no alg";
  // Exactly HS256: "none" would skip the signature and anything else is not what the secret is for.
  if (alg->get<std::string>() != "HS256")
    return "token alg \"" + alg->get<std::string>().substr(0, 16) + "\" refused: only HS256";

  const auto signature = base64url_decode(signature_part);
  if (!signature) return "token signature is not valid unpadded base64url";
  if (signature->size() != 32) return "token signature must be 32 bytes (HS256)";
  const std::string_view signed_part = token->substr(0, dot2);
  const auto expected = hmac_sha256(ByteView(secret.data(), secret.size()), as_view(signed_part));
  // Constant time, so response timing does not reveal how many leading bytes were right.
  if (CRYPTO_memcmp(expected.data(), signature->data(), expected.size()) != 0)
    return "token signature does not match (wrong secret or altered token)";

  // Claims are read only after the signature holds: until then they are attacker-chosen.
  auto claims = decode_json_object(claims_part);
  if (auto* why = std::get_if<std::string>(&claims)) return "token claims " + *why;
  auto iat = iat_of(std::get<nlohmann::json>(claims));
  if (auto* why = std::get_if<std::string>(&iat)) return *why;
  const int64_t issued = std::get<int64_t>(iat);
  const uint64_t off = distance(issued, now_unix_seconds);
  if (off > static_cast<uint64_t>(kJwtIatToleranceSeconds))
    return "token iat is " + std::to_string(off) + " seconds " + (issued < now_unix_seconds ? "in the past" : "ahead") +
           " of the server clock (allowed: " + std::to_string(kJwtIatToleranceSeconds) + ")";
  return "";
}

std::string make_jwt(const JwtSecret& secret, int64_t iat) {
  const std::string input = signing_input(R"({"alg":"HS256","typ":"JWT"})", "{\"iat\":" + std::to_string(iat) + "}");
  const auto mac = hmac_sha256(ByteView(secret.data(), secret.size()), as_view(input));
  return input + "." + base64url_encode(ByteView(mac.data(), mac.size()));
}

}  // namespace warp
