// SPDX-License-Identifier: MIT
// A share vault, VULNERABLE to re-entrancy: withdraw() sends the caller's ether BEFORE it
// clears the caller's balance and reduces totalShares (interaction before effects). While the
// ether is in flight the caller's receive() runs with the vault half-updated:
// - calling withdraw() again pays the same balance twice (same-function re-entrancy);
// - calling transfer() moves the not-yet-cleared balance to someone else (cross-function);
// - reading sharePrice() sees the ether gone but the shares not yet burnt, a price below the
//   true one (read-only re-entrancy: a view used by another contract as an oracle).
// VaultFixed.sol is the same contract with the effects first.
pragma solidity 0.8.28;

contract Vault {
    mapping(address => uint256) public balanceOf;  // slot 0
    uint256 public totalShares;                    // slot 1

    // One share per wei deposited.
    function deposit() external payable {
        balanceOf[msg.sender] += msg.value;
        totalShares += msg.value;
    }

    function withdraw() external {
        uint256 amount = balanceOf[msg.sender];
        require(amount > 0, "nothing to withdraw");
        // VULNERABLE: the call hands control to msg.sender while its balance is still `amount`.
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok, "send failed");
        balanceOf[msg.sender] = 0;
        totalShares -= amount;
    }

    function transfer(address to, uint256 amount) external {
        require(balanceOf[msg.sender] >= amount, "balance too low");
        balanceOf[msg.sender] -= amount;
        balanceOf[to] += amount;
    }

    // Wei per share, scaled by 1e18; 1e18 while the vault is empty.
    function sharePrice() external view returns (uint256) {
        return totalShares == 0 ? 1e18 : (address(this).balance * 1e18) / totalShares;
    }
}
