// SPDX-License-Identifier: MIT
// A contract that trusts a vault's sharePrice() as an oracle and records what it read. Reached
// from inside Vault.withdraw() (through VaultAttacker mode 3) it records a stale price: the
// victim of read-only re-entrancy. sharePrice() is a view, so the call is a STATICCALL.
pragma solidity 0.8.28;

interface IVaultPrice {
    function sharePrice() external view returns (uint256);
}

contract PriceConsumer {
    uint256 public lastPrice;  // slot 0

    function quote(address vault) external returns (uint256 p) {
        p = IVaultPrice(vault).sharePrice();
        lastPrice = p;
    }
}
