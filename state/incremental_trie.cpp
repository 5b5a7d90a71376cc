#include "state/incremental_trie.hpp"

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

#include "state/rlp.hpp"

namespace warp {

using Nibbles = std::vector<uint8_t>;

struct IncrementalTrie::Node {
  enum class Kind : uint8_t { Leaf, Extension, Branch };
  Kind kind = Kind::Leaf;
  Nibbles path;                                      // leaf and extension
  Bytes value;                                       // leaf
  std::unique_ptr<Node> child;                       // extension
  std::array<std::unique_ptr<Node>, 16> children{};  // branch
  bool dirty = true;
  Bytes enc;    // rlp of the node, valid when !dirty
  Hash hash{};  // keccak(enc), valid when !dirty and enc is 32 bytes or more (or the node is the root)
};

namespace {

using Node = IncrementalTrie::Node;
using NodePtr = std::unique_ptr<Node>;

Nibbles to_nibbles(const Hash& key) {
  Nibbles out(64);
  for (size_t i = 0; i < 32; ++i) {
    out[2 * i] = key.bytes[i] >> 4;
    out[2 * i + 1] = key.bytes[i] & 0x0f;
  }
  return out;
}

size_t common_prefix(const Nibbles& a, const uint8_t* b, size_t b_len) {
  size_t n = 0;
  while (n < a.size() && n < b_len && a[n] == b[n]) ++n;
  return n;
}

NodePtr make_leaf(const uint8_t* path, size_t len, Bytes value) {
  auto n = std::make_unique<Node>();
  n->kind = Node::Kind::Leaf;
  n->path.assign(path, path + len);
  n->value = std::move(value);
  return n;
}

NodePtr make_extension(Nibbles path, NodePtr child) {
  auto n = std::make_unique<Node>();
  n->kind = Node::Kind::Extension;
  n->path = std::move(path);
  n->child = std::move(child);
  return n;
}

NodePtr make_branch() {
  auto n = std::make_unique<Node>();
  n->kind = Node::Kind::Branch;
  return n;
}

// All keys have the same length, so no key ends inside another's path: a branch never holds a
// value, and two different keys always part at some nibble.
NodePtr insert(NodePtr node, const uint8_t* path, size_t len, Bytes& value) {
  if (!node) return make_leaf(path, len, std::move(value));
  node->dirty = true;
  switch (node->kind) {
    case Node::Kind::Leaf: {
      const size_t c = common_prefix(node->path, path, len);
      if (c == node->path.size() && c == len) {
        node->value = std::move(value);
        return node;
      }
      auto branch = make_branch();
      const uint8_t old_nibble = node->path[c];
      node->path.erase(node->path.begin(), node->path.begin() + static_cast<std::ptrdiff_t>(c) + 1);
      Nibbles prefix(path, path + c);
      branch->children[old_nibble] = std::move(node);
      branch->children[path[c]] = make_leaf(path + c + 1, len - c - 1, std::move(value));
      if (c == 0) return branch;
      return make_extension(std::move(prefix), std::move(branch));
    }
    case Node::Kind::Extension: {
      const size_t c = common_prefix(node->path, path, len);
      if (c == node->path.size()) {
        node->child = insert(std::move(node->child), path + c, len - c, value);
        return node;
      }
      auto branch = make_branch();
      const uint8_t ext_nibble = node->path[c];
      Nibbles rest(node->path.begin() + static_cast<std::ptrdiff_t>(c) + 1, node->path.end());
      Nibbles prefix(node->path.begin(), node->path.begin() + static_cast<std::ptrdiff_t>(c));
      branch->children[ext_nibble] =
          rest.empty() ? std::move(node->child) : make_extension(std::move(rest), std::move(node->child));
      branch->children[path[c]] = make_leaf(path + c + 1, len - c - 1, std::move(value));
      if (c == 0) return branch;
      return make_extension(std::move(prefix), std::move(branch));
    }
    case Node::Kind::Branch: {
      NodePtr& slot = node->children[path[0]];
      slot = insert(std::move(slot), path + 1, len - 1, value);
      return node;
    }
  }
  return node;
}

// Puts `prefix` in front of a node that lost its parent branch or extension.
NodePtr prepend(Nibbles prefix, NodePtr node) {
  if (node->kind == Node::Kind::Branch) return make_extension(std::move(prefix), std::move(node));
  prefix.insert(prefix.end(), node->path.begin(), node->path.end());
  node->path = std::move(prefix);
  node->dirty = true;
  return node;
}

// `found` says whether the key was there; an absent key leaves every node clean.
NodePtr erase(NodePtr node, const uint8_t* path, size_t len, bool& found) {
  if (!node) return node;
  switch (node->kind) {
    case Node::Kind::Leaf:
      if (node->path.size() == len && std::equal(node->path.begin(), node->path.end(), path)) {
        found = true;
        return nullptr;
      }
      return node;
    case Node::Kind::Extension: {
      const size_t n = node->path.size();
      if (n > len || !std::equal(node->path.begin(), node->path.end(), path)) return node;
      node->child = erase(std::move(node->child), path + n, len - n, found);
      if (!found) return node;
      if (!node->child) return nullptr;
      if (node->child->kind == Node::Kind::Branch) {
        node->dirty = true;
        return node;
      }
      return prepend(std::move(node->path), std::move(node->child));  // merge with a leaf or extension
    }
    case Node::Kind::Branch: {
      NodePtr& slot = node->children[path[0]];
      slot = erase(std::move(slot), path + 1, len - 1, found);
      if (!found) return node;
      node->dirty = true;
      size_t count = 0, last = 0;
      for (size_t i = 0; i < 16; ++i) {
        if (node->children[i]) {
          ++count;
          last = i;
        }
      }
      if (count >= 2) return node;
      if (count == 0) return nullptr;
      return prepend(Nibbles{static_cast<uint8_t>(last)}, std::move(node->children[last]));
    }
  }
  return node;
}

Bytes hex_prefix(const Nibbles& path, bool leaf) {
  const bool odd = path.size() % 2 == 1;
  Bytes out;
  out.reserve(path.size() / 2 + 1);
  uint8_t flag = static_cast<uint8_t>((leaf ? 2 : 0) + (odd ? 1 : 0));
  size_t i = 0;
  if (odd) {
    out.push_back(static_cast<uint8_t>(flag << 4 | path[0]));
    i = 1;
  } else {
    out.push_back(static_cast<uint8_t>(flag << 4));
  }
  for (; i < path.size(); i += 2)  // an even count remains after the odd first nibble
    out.push_back(static_cast<uint8_t>(path[i] << 4 | path[i + 1]));
  return out;
}

// How a parent refers to a node: inline when its encoding is shorter than 32 bytes.
void append_ref(Bytes& out, const Node& child) {
  if (child.enc.size() < 32) {
    out.insert(out.end(), child.enc.begin(), child.enc.end());
  } else {
    rlp::encode_string(out, ByteView(child.hash.bytes, 32));
  }
}

void encode(Node& n) {
  Bytes payload;
  switch (n.kind) {
    case Node::Kind::Leaf:
      rlp::encode_string(payload, hex_prefix(n.path, true));
      rlp::encode_string(payload, n.value);
      break;
    case Node::Kind::Extension:
      rlp::encode_string(payload, hex_prefix(n.path, false));
      append_ref(payload, *n.child);
      break;
    case Node::Kind::Branch:
      for (const NodePtr& c : n.children) {
        if (c) {
          append_ref(payload, *c);
        } else {
          payload.push_back(0x80);
        }
      }
      payload.push_back(0x80);  // no value: keys never end at a branch
      break;
  }
  n.enc = rlp::encode_list(payload);
}

// Dirty nodes by height above their dirtiest descendant, so each level can be encoded once
// every child below it is.
size_t collect(Node& n, std::vector<std::vector<Node*>>& levels) {
  if (!n.dirty) return 0;
  size_t level = 0;
  auto visit = [&](Node* c) {
    if (c && c->dirty) level = std::max(level, collect(*c, levels) + 1);
  };
  if (n.kind == Node::Kind::Extension) visit(n.child.get());
  if (n.kind == Node::Kind::Branch)
    for (NodePtr& c : n.children) visit(c.get());
  if (levels.size() <= level) levels.resize(level + 1);
  levels[level].push_back(&n);
  return level;
}

}  // namespace

IncrementalTrie::IncrementalTrie() = default;
IncrementalTrie::~IncrementalTrie() = default;
IncrementalTrie::IncrementalTrie(IncrementalTrie&&) noexcept = default;
IncrementalTrie& IncrementalTrie::operator=(IncrementalTrie&&) noexcept = default;

void IncrementalTrie::put(const Hash& key, Bytes value) {
  const Nibbles path = to_nibbles(key);
  root_ = insert(std::move(root_), path.data(), path.size(), value);
}

void IncrementalTrie::erase(const Hash& key) {
  const Nibbles path = to_nibbles(key);
  bool found = false;
  root_ = warp::erase(std::move(root_), path.data(), path.size(), found);
}

Hash IncrementalTrie::root(const BatchHasher& hasher) {
  if (!root_) return kEmptyTrieRoot;
  std::vector<std::vector<Node*>> levels;
  collect(*root_, levels);
  std::vector<ByteView> inputs;
  std::vector<Node*> hashed;
  std::vector<Hash> out;
  for (std::vector<Node*>& level : levels) {
    inputs.clear();
    hashed.clear();
    for (Node* n : level) {
      encode(*n);
      n->dirty = false;
      if (n->enc.size() >= 32 || n == root_.get()) {
        inputs.emplace_back(n->enc);
        hashed.push_back(n);
      }
    }
    out.resize(inputs.size());
    if (!inputs.empty()) hasher(inputs, out);
    for (size_t i = 0; i < hashed.size(); ++i) hashed[i]->hash = out[i];
  }
  // A clean root whose encoding is short was never hashed as a child: hash it here.
  if (root_->enc.size() < 32 && levels.empty()) {
    ByteView in(root_->enc);
    Hash h{};
    hasher(std::span<const ByteView>(&in, 1), std::span<Hash>(&h, 1));
    root_->hash = h;
  }
  return root_->hash;
}

}  // namespace warp
