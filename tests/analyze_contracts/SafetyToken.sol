// SPDX-License-Identifier: MIT
// A minimal ERC-20 for the analysis scenarios, deployed by a transaction (the supply is
// minted to the deployer). approve() overwrites the allowance, the classic approve race: a
// spender who sees the owner lower an allowance can spend the old one first and then get the
// new one too.
pragma solidity 0.8.28;

contract SafetyToken {
    mapping(address => uint256) public balanceOf;                      // slot 0
    mapping(address => mapping(address => uint256)) public allowance;  // slot 1
    uint256 public totalSupply;                                        // slot 2

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    constructor(uint256 supply) {
        totalSupply = supply;
        balanceOf[msg.sender] = supply;
        emit Transfer(address(0), msg.sender, supply);
    }

    function transfer(address to, uint256 value) external returns (bool) {
        _move(msg.sender, to, value);
        return true;
    }

    // A plain overwrite: the race (see above).
    function approve(address spender, uint256 value) external returns (bool) {
        allowance[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
        return true;
    }

    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        require(allowance[from][msg.sender] >= value, "allowance too low");
        allowance[from][msg.sender] -= value;
        _move(from, to, value);
        return true;
    }

    function _move(address from, address to, uint256 value) private {
        require(balanceOf[from] >= value, "balance too low");
        balanceOf[from] -= value;
        balanceOf[to] += value;
        emit Transfer(from, to, value);
    }
}
