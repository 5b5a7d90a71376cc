// SPDX-License-Identifier: MIT
// An ETH/token constant-product pool (x * y = k, 0.3% fee) whose spotPrice() others may use as
// a price oracle. Every swap moves the price the next swap gets: a sandwich (buy before a
// victim's buy, sell after it) profits at the victim's expense, and spotPrice() can be pushed
// around within one block. The pool itself is not re-entrant: reserves are updated before any
// token or ether leaves (checks-effects-interactions).
pragma solidity 0.8.28;

interface IERC20 {
    function transfer(address to, uint256 value) external returns (bool);
    function transferFrom(address from, address to, uint256 value) external returns (bool);
}

contract OracleAMM {
    IERC20 public immutable token;
    uint256 public ethReserve;    // slot 0
    uint256 public tokenReserve;  // slot 1

    event Swap(address indexed trader, bool ethIn, uint256 amountIn, uint256 amountOut);

    constructor(address token_) {
        token = IERC20(token_);
    }

    // Adds msg.value wei and tokenAmount tokens (the caller approved them) to the reserves.
    // No pool shares: liquidity here is a fixture, never withdrawn.
    function addLiquidity(uint256 tokenAmount) external payable {
        require(msg.value > 0 && tokenAmount > 0, "empty liquidity");
        require(token.transferFrom(msg.sender, address(this), tokenAmount), "transferFrom failed");
        ethReserve += msg.value;
        tokenReserve += tokenAmount;
    }

    function swapEthForToken(uint256 minOut) external payable returns (uint256 out) {
        out = _amountOut(msg.value, ethReserve, tokenReserve);
        require(out > 0 && out >= minOut, "slippage");
        ethReserve += msg.value;
        tokenReserve -= out;
        require(token.transfer(msg.sender, out), "transfer failed");
        emit Swap(msg.sender, true, msg.value, out);
    }

    function swapTokenForEth(uint256 amountIn, uint256 minOut) external returns (uint256 out) {
        out = _amountOut(amountIn, tokenReserve, ethReserve);
        require(out > 0 && out >= minOut, "slippage");
        tokenReserve += amountIn;
        ethReserve -= out;
        require(token.transferFrom(msg.sender, address(this), amountIn), "transferFrom failed");
        (bool ok, ) = msg.sender.call{value: out}("");
        require(ok, "send failed");
        emit Swap(msg.sender, false, amountIn, out);
    }

    // Tokens per ether, scaled by 1e18.
    function spotPrice() external view returns (uint256) {
        return (tokenReserve * 1e18) / ethReserve;
    }

    function _amountOut(uint256 amountIn, uint256 reserveIn, uint256 reserveOut) private pure returns (uint256) {
        uint256 inWithFee = amountIn * 997;
        return (inWithFee * reserveOut) / (reserveIn * 1000 + inWithFee);
    }
}
