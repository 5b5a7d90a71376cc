// Engine-API-style JWT checks: the primitives against published vectors (RFC 4648 base64url,
// RFC 7515 appendix A.1 HS256), then one test per way a token or a secret file can be wrong.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "host/node/jwt_auth.hpp"

namespace warp {
namespace {

constexpr int64_t kNow = 1'700'000'000;

JwtSecret secret_of(uint8_t fill) {
  JwtSecret s{};
  for (size_t i = 0; i < s.size(); ++i) s[i] = static_cast<uint8_t>(fill + i);
  return s;
}

std::string b64(std::string_view text) { return base64url_encode(as_view(text)); }

// A correctly signed token with any header and claims, to test what check_jwt makes of them.
std::string signed_token(std::string_view header_json, std::string_view claims_json, const JwtSecret& secret) {
  const std::string input = b64(header_json) + "." + b64(claims_json);
  const auto mac = hmac_sha256(ByteView(secret.data(), secret.size()), as_view(input));
  return input + "." + base64url_encode(ByteView(mac.data(), mac.size()));
}

std::string bearer(const std::string& token) { return "Bearer " + token; }

// --- primitives against published vectors -------------------------------------------------------

TEST(JwtBase64url, Rfc4648VectorsWithoutPadding) {
  const std::pair<std::string_view, std::string_view> vectors[] = {
      {"", ""},           {"f", "Zg"},          {"fo", "Zm8"},          {"foo", "Zm9v"},
      {"foob", "Zm9vYg"}, {"fooba", "Zm9vYmE"}, {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(b64(plain), encoded);
    const auto back = base64url_decode(encoded);
    ASSERT_TRUE(back.has_value()) << encoded;
    EXPECT_EQ(std::string(back->begin(), back->end()), plain);
  }
}

TEST(JwtBase64url, UsesTheUrlAlphabet) {
  const Bytes b = {0xfb, 0xff, 0xbf};  // all-ones sextets: '+' '/' in plain base64
  EXPECT_EQ(base64url_encode(ByteView(b)), "-_-_");
  const auto back = base64url_decode("-_-_");
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, b);
}

TEST(JwtBase64url, RefusesBadInput) {
  EXPECT_FALSE(base64url_decode("Zg==").has_value());    // padding
  EXPECT_FALSE(base64url_decode("Zm9v+A").has_value());  // plain-base64 character
  EXPECT_FALSE(base64url_decode("Zm9v/A").has_value());
  EXPECT_FALSE(base64url_decode("Zm 9v").has_value());  // whitespace
  EXPECT_FALSE(base64url_decode("Zm9vY").has_value());  // length 1 mod 4
  EXPECT_FALSE(base64url_decode("Zh").has_value());     // non-zero leftover bits ("Zg" is canonical)
}

TEST(JwtHs256, Rfc7515AppendixA1) {
  // The JWK "k" of the example key, and the published signing input and signature.
  const auto key =
      base64url_decode("AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow");
  ASSERT_TRUE(key.has_value());
  ASSERT_EQ(key->size(), 64u);
  const std::string input =
      "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9."
      "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
  const auto mac = hmac_sha256(ByteView(*key), as_view(input));
  EXPECT_EQ(base64url_encode(ByteView(mac.data(), mac.size())), "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
  // The header segment decodes to the RFC's bytes, CR LF included.
  const auto header = base64url_decode("eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9");
  ASSERT_TRUE(header.has_value());
  EXPECT_EQ(std::string(header->begin(), header->end()), "{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}");
}

// --- check_jwt -----------------------------------------------------------------------------------

TEST(JwtCheck, AcceptsAFreshToken) {
  const auto s = secret_of(1);
  EXPECT_EQ(check_jwt(bearer(make_jwt(s, kNow)), s, kNow), "");
  // The scheme name is case-insensitive and extra spaces around the token are tolerated.
  EXPECT_EQ(check_jwt("bearer   " + make_jwt(s, kNow) + " ", s, kNow), "");
}

TEST(JwtCheck, MakeJwtHasTheEngineApiShape) {
  const std::string token = make_jwt(secret_of(1), kNow);
  const size_t dot1 = token.find('.');
  const size_t dot2 = token.find('.', dot1 + 1);
  ASSERT_NE(dot2, std::string::npos);
  const auto header = base64url_decode(token.substr(0, dot1));
  const auto claims = base64url_decode(token.substr(dot1 + 1, dot2 - dot1 - 1));
  ASSERT_TRUE(header && claims);
  EXPECT_EQ(std::string(header->begin(), header->end()), R"({"alg":"HS256","typ":"JWT"})");
  EXPECT_EQ(std::string(claims->begin(), claims->end()), R"({"iat":1700000000})");
}

TEST(JwtCheck, IatWindowIsSixtySecondsEitherWay) {
  const auto s = secret_of(1);
  EXPECT_EQ(check_jwt(bearer(make_jwt(s, kNow - 60)), s, kNow), "");
  EXPECT_EQ(check_jwt(bearer(make_jwt(s, kNow + 60)), s, kNow), "");
  const std::string old = check_jwt(bearer(make_jwt(s, kNow - 61)), s, kNow);
  EXPECT_NE(old.find("61 seconds in the past"), std::string::npos) << old;
  const std::string ahead = check_jwt(bearer(make_jwt(s, kNow + 61)), s, kNow);
  EXPECT_NE(ahead.find("61 seconds ahead"), std::string::npos) << ahead;
  // Extremes do not overflow into acceptance.
  EXPECT_NE(check_jwt(bearer(make_jwt(s, INT64_MIN)), s, kNow), "");
  EXPECT_NE(check_jwt(bearer(make_jwt(s, INT64_MAX)), s, kNow), "");
}

TEST(JwtCheck, RefusesWrongSecret) {
  const std::string why = check_jwt(bearer(make_jwt(secret_of(1), kNow)), secret_of(2), kNow);
  EXPECT_NE(why.find("signature does not match"), std::string::npos) << why;
}

TEST(JwtCheck, RefusesTamperedClaims) {
  const auto s = secret_of(1);
  const std::string token = make_jwt(s, kNow - 3600);
  const size_t dot1 = token.find('.');
  const size_t dot2 = token.find('.', dot1 + 1);
  // Swap in fresh claims but keep the old signature.
  const std::string forged = token.substr(0, dot1 + 1) + b64(R"({"iat":1700000000})") + token.substr(dot2);
  const std::string why = check_jwt(bearer(forged), s, kNow);
  EXPECT_NE(why.find("signature does not match"), std::string::npos) << why;
}

TEST(JwtCheck, RefusesTamperedSignature) {
  const auto s = secret_of(1);
  std::string token = make_jwt(s, kNow);
  token.back() = token.back() == 'A' ? 'E' : 'A';  // a different but still canonical last character
  EXPECT_NE(check_jwt(bearer(token), s, kNow), "");
}

TEST(JwtCheck, RefusesAlgNone) {
  const auto s = secret_of(1);
  const std::string unsigned_token = b64(R"({"alg":"none","typ":"JWT"})") + "." + b64(R"({"iat":1700000000})") + ".";
  const std::string why = check_jwt(bearer(unsigned_token), s, kNow);
  EXPECT_NE(why.find("\"none\" refused"), std::string::npos) << why;
  // Even with a valid HMAC attached, "none" (or any other alg) is not accepted.
  EXPECT_NE(check_jwt(bearer(signed_token(R"({"alg":"none"})", R"({"iat":1700000000})", s)), s, kNow), "");
  EXPECT_NE(check_jwt(bearer(signed_token(R"({"alg":"HS512"})", R"({"iat":1700000000})", s)), s, kNow), "");
  EXPECT_NE(check_jwt(bearer(signed_token(R"({"alg":"hs256"})", R"({"iat":1700000000})", s)), s, kNow), "");
  EXPECT_NE(check_jwt(bearer(signed_token(R"({"typ":"JWT"})", R"({"iat":1700000000})", s)), s, kNow), "");
  // Exactly HS256 with nothing else is enough: typ is optional.
  EXPECT_EQ(check_jwt(bearer(signed_token(R"({"alg":"HS256"})", R"({"iat":1700000000})", s)), s, kNow), "");
}

TEST(JwtCheck, RefusesMissingOrWrongScheme) {
  const auto s = secret_of(1);
  const std::string token = make_jwt(s, kNow);
  EXPECT_EQ(check_jwt("", s, kNow), "missing Authorization header");
  EXPECT_NE(check_jwt(token, s, kNow).find("Bearer"), std::string::npos);
  EXPECT_NE(check_jwt("Basic " + token, s, kNow).find("Bearer"), std::string::npos);
  EXPECT_NE(check_jwt("Bearer", s, kNow).find("Bearer"), std::string::npos);
  EXPECT_NE(check_jwt("Bearer    ", s, kNow).find("Bearer"), std::string::npos);
  EXPECT_NE(check_jwt("Bearer" + token, s, kNow).find("Bearer"), std::string::npos);
}

TEST(JwtCheck, RefusesMalformedTokens) {
  const auto s = secret_of(1);
  const std::string token = make_jwt(s, kNow);
  EXPECT_NE(check_jwt(bearer("@@@.###.$$$"), s, kNow).find("base64url"), std::string::npos);
  EXPECT_NE(check_jwt(bearer("abc.def"), s, kNow).find("three"), std::string::npos);
  EXPECT_NE(check_jwt(bearer(token + ".x"), s, kNow).find("three"), std::string::npos);
  EXPECT_NE(check_jwt(bearer("nodots"), s, kNow).find("three"), std::string::npos);
  EXPECT_NE(check_jwt(bearer(token + "="), s, kNow), "");  // padding on the signature
  EXPECT_NE(check_jwt(bearer(std::string(5000, 'A')), s, kNow).find("too long"), std::string::npos);
  // Header that is base64url but not a JSON object.
  EXPECT_NE(check_jwt(bearer(b64("[1,2]") + "." + b64("{}") + ".AAAA"), s, kNow).find("JSON object"),
            std::string::npos);
  EXPECT_NE(check_jwt(bearer(b64("{nope") + "." + b64("{}") + ".AAAA"), s, kNow).find("JSON"), std::string::npos);
  // Signature of the wrong length.
  const std::string input = b64(R"({"alg":"HS256"})") + "." + b64(R"({"iat":1700000000})");
  EXPECT_NE(check_jwt(bearer(input + ".AAAA"), s, kNow).find("32 bytes"), std::string::npos);
}

TEST(JwtCheck, RefusesMissingOrNonIntegerIat) {
  const auto s = secret_of(1);
  const auto check = [&](std::string_view claims) {
    return check_jwt(bearer(signed_token(R"({"alg":"HS256","typ":"JWT"})", claims, s)), s, kNow);
  };
  EXPECT_NE(check("{}").find("no iat"), std::string::npos);
  EXPECT_NE(check(R"({"exp":1700000000})").find("no iat"), std::string::npos);
  EXPECT_NE(check(R"({"iat":"1700000000"})").find("integer"), std::string::npos);
  EXPECT_NE(check(R"({"iat":1700000000.5})").find("integer"), std::string::npos);
  EXPECT_NE(check(R"({"iat":1.7e9})").find("integer"), std::string::npos);
  EXPECT_NE(check(R"({"iat":null})").find("integer"), std::string::npos);
  EXPECT_NE(check(R"({"iat":18446744073709551615})").find("out of range"), std::string::npos);
  EXPECT_NE(check("[1700000000]").find("JSON object"), std::string::npos);
  // Other claims are allowed alongside iat.
  EXPECT_EQ(check(R"({"iat":1700000000,"id":"cl","clv":"1.0"})"), "");
}

// --- load_jwt_secret -----------------------------------------------------------------------------

class JwtSecretFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("warpevm_jwt_" + std::to_string(::getpid()) + "_" +
                                                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path write(const std::string& content) {
    const auto path = dir_ / "jwt.hex";
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  std::filesystem::path dir_;
};

constexpr const char* kHex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

TEST_F(JwtSecretFile, LoadsHexWithOrWithoutPrefixAndWhitespace) {
  for (const std::string& content : {std::string(kHex), "0x" + std::string(kHex) + "\n",
                                     "  \t0X" + std::string(kHex) + "\r\n\n", std::string(kHex) + " "}) {
    const auto loaded = load_jwt_secret(write(content));
    ASSERT_TRUE(std::holds_alternative<JwtSecret>(loaded)) << std::get<std::string>(loaded);
    EXPECT_EQ(std::get<JwtSecret>(loaded), secret_of(0));
  }
  const std::string upper = "ABCDEF" + std::string(kHex).substr(6);
  const auto loaded = load_jwt_secret(write(upper));
  ASSERT_TRUE(std::holds_alternative<JwtSecret>(loaded));
  EXPECT_EQ(std::get<JwtSecret>(loaded)[0], 0xab);
}

TEST_F(JwtSecretFile, RefusesAnythingElse) {
  const auto error = [&](const std::string& content) {
    const auto loaded = load_jwt_secret(write(content));
    return std::holds_alternative<std::string>(loaded) ? std::get<std::string>(loaded) : std::string();
  };
  EXPECT_NE(error("").find("found 0"), std::string::npos);
  EXPECT_NE(error(std::string(kHex).substr(2)).find("found 62"), std::string::npos);  // 31 bytes
  EXPECT_NE(error(std::string(kHex) + "00").find("found 66"), std::string::npos);     // 33 bytes
  EXPECT_NE(error("zz" + std::string(kHex).substr(2)).find("not a hex digit"), std::string::npos);
  EXPECT_NE(error(std::string(kHex).substr(0, 32) + " " + std::string(kHex).substr(32)), "");  // inner space
  EXPECT_NE(error("0x0x" + std::string(kHex).substr(2)).find("not a hex digit"), std::string::npos);
  EXPECT_NE(error(std::string(10000, '0')).find("too large"), std::string::npos);

  const auto missing = load_jwt_secret(dir_ / "absent.hex");
  ASSERT_TRUE(std::holds_alternative<std::string>(missing));
  EXPECT_NE(std::get<std::string>(missing).find("absent.hex"), std::string::npos);
  const auto directory = load_jwt_secret(dir_);
  ASSERT_TRUE(std::holds_alternative<std::string>(directory));
  EXPECT_NE(std::get<std::string>(directory).find("directory"), std::string::npos);
}

}  // namespace
}  // namespace warp
