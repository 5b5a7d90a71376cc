// SPDX-License-Identifier: MIT
// A minimal ERC-20 token for warpevm's workloads and interpreter benchmarks.
// Storage is kept to three plain slots (see the layout in contracts.hpp) so that workload
// generators can write balances and allowances into the pre-state directly, without running
// any setup transactions. No immutables: the runtime code must be complete as compiled,
// because generators install it into the pre-state without running the constructor.
pragma solidity 0.8.28;

contract ERC20 {
    string public constant name = "Warp Token";
    string public constant symbol = "WARP";
    uint8 public constant decimals = 18;

    uint256 public totalSupply;                                       // slot 0
    mapping(address => uint256) public balanceOf;                     // slot 1
    mapping(address => mapping(address => uint256)) public allowance; // slot 2

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    error InsufficientBalance(address holder, uint256 balance, uint256 needed);
    error InsufficientAllowance(address spender, uint256 allowance, uint256 needed);

    // The whole supply goes to the deployer; there is no later minting.
    constructor(uint256 initialSupply) {
        totalSupply = initialSupply;
        balanceOf[msg.sender] = initialSupply;
        emit Transfer(address(0), msg.sender, initialSupply);
    }

    function transfer(address to, uint256 value) external returns (bool) {
        _move(msg.sender, to, value);
        return true;
    }

    function approve(address spender, uint256 value) external returns (bool) {
        allowance[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
        return true;
    }

    // An allowance of type(uint256).max is never decreased (the common "infinite approval").
    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        uint256 allowed = allowance[from][msg.sender];
        if (allowed != type(uint256).max) {
            if (allowed < value) revert InsufficientAllowance(msg.sender, allowed, value);
            unchecked {
                allowance[from][msg.sender] = allowed - value;
            }
        }
        _move(from, to, value);
        return true;
    }

    function _move(address from, address to, uint256 value) private {
        uint256 fromBalance = balanceOf[from];
        if (fromBalance < value) revert InsufficientBalance(from, fromBalance, value);
        unchecked {
            balanceOf[from] = fromBalance - value;  // cannot underflow: checked above
        }
        // Checked on purpose: generators write balances directly, so the sum of all balances
        // need not equal totalSupply and an overflow must revert rather than wrap.
        balanceOf[to] += value;
        emit Transfer(from, to, value);
    }
}
