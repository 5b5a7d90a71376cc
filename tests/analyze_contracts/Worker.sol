// SPDX-License-Identifier: MIT
// A callee whose gas grows with an argument: work(rounds) hashes `rounds` times. Its gas
// depends on calldata, not on storage (compare Distributor.distribute()). The relayer
// scenarios call it with a gas limit just big enough.
pragma solidity 0.8.28;

contract Worker {
    uint256 public acc;  // slot 0

    function work(uint256 rounds) external {
        uint256 a = acc;
        for (uint256 i; i < rounds; ++i) a = uint256(keccak256(abi.encode(a, i)));
        acc = a;
    }
}
