// SPDX-License-Identifier: MIT
// Vault.sol with withdraw() in checks-effects-interactions order: the balance is cleared and
// the shares burnt BEFORE the ether is sent, so whatever the recipient does in its receive()
// sees a consistent vault (a second withdraw finds nothing, transfer() has nothing to move,
// sharePrice() is the true price). There is deliberately no re-entrancy guard: the order of
// the statements is the whole fix.
pragma solidity 0.8.28;

contract VaultFixed {
    mapping(address => uint256) public balanceOf;  // slot 0
    uint256 public totalShares;                    // slot 1

    function deposit() external payable {
        balanceOf[msg.sender] += msg.value;
        totalShares += msg.value;
    }

    function withdraw() external {
        uint256 amount = balanceOf[msg.sender];
        require(amount > 0, "nothing to withdraw");
        balanceOf[msg.sender] = 0;  // effects first
        totalShares -= amount;
        (bool ok, ) = msg.sender.call{value: amount}("");  // then the interaction
        require(ok, "send failed");
    }

    function transfer(address to, uint256 amount) external {
        require(balanceOf[msg.sender] >= amount, "balance too low");
        balanceOf[msg.sender] -= amount;
        balanceOf[to] += amount;
    }

    function sharePrice() external view returns (uint256) {
        return totalShares == 0 ? 1e18 : (address(this).balance * 1e18) / totalShares;
    }
}
