// SPDX-License-Identifier: MIT
// A meta-transaction relayer, VULNERABLE to 63/64 gas griefing: relay() marks the request
// executed and calls the target with `gasLimit`, but a CALL can only pass on 63/64 of the gas
// left, so a relayer who sends the transaction with too little gas makes the inner call run
// out of gas while relay() itself succeeds with the 1/64 kept back. The request id is burnt
// and Relayed(id, false) logged, though the callee never got the gas the user asked for.
// RelayerFixed.sol checks for that after the call.
pragma solidity 0.8.28;

contract Relayer {
    mapping(uint256 => bool) public executed;  // slot 0

    event Relayed(uint256 indexed id, bool success);

    function relay(address target, bytes calldata data, uint256 gasLimit, uint256 id) external {
        require(!executed[id], "already relayed");
        executed[id] = true;
        // VULNERABLE: nothing checks that the callee really got gasLimit.
        (bool ok, ) = target.call{gas: gasLimit}(data);
        emit Relayed(id, ok);
    }
}
