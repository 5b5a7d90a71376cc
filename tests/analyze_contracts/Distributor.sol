// SPDX-License-Identifier: MIT
// Splits ether among members as internal credit. distribute() loops over EVERY member: its gas
// grows with storage (the members array) that anyone can grow by calling join(), an unbounded
// iteration that eventually exceeds the block gas limit and locks the function.
// distributeRange() is the paginated fix: the caller bounds the loop in calldata.
pragma solidity 0.8.28;

contract Distributor {
    address[] public members;                   // slot 0 (length; elements at keccak256(0))
    mapping(address => uint256) public credit;  // slot 1

    function join() external {
        members.push(msg.sender);
    }

    function memberCount() external view returns (uint256) {
        return members.length;
    }

    // UNBOUNDED: one storage read and write per member.
    function distribute() external payable {
        require(members.length > 0, "no members");
        uint256 share = msg.value / members.length;
        for (uint256 i; i < members.length; ++i) credit[members[i]] += share;
    }

    // Members [start, start + count), clipped to the array; msg.value is split among them.
    function distributeRange(uint256 start, uint256 count) external payable {
        uint256 end = start + count;
        if (end > members.length) end = members.length;
        require(start < end, "empty range");
        uint256 share = msg.value / (end - start);
        for (uint256 i = start; i < start + count && i < members.length; ++i) credit[members[i]] += share;
    }
}
