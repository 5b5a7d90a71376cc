// SPDX-License-Identifier: MIT
// A constant-product AMM pair over two ERC-20 tokens, in the style of Uniswap V2's pair:
// reserves, a 0.3% fee on the input, the x*y=k check on balances after the transfers, sync.
// Every swap reads and writes both reserve slots, so swaps on one pair conflict with each
// other: this is the high-contention workload.
//
// Simplifications, on purpose: no liquidity token (generators write reserves and the pair's
// token balances into the pre-state, or transfer tokens in and call sync), no price oracle,
// no flash-swap callback and hence no reentrancy lock, reserves in two full slots instead of
// one packed slot. Tokens are storage, not immutables, so the runtime code is complete as
// compiled and can be installed into the pre-state directly.
pragma solidity 0.8.28;

interface IERC20 {
    function balanceOf(address holder) external view returns (uint256);
    function transfer(address to, uint256 value) external returns (bool);
    function transferFrom(address from, address to, uint256 value) external returns (bool);
}

contract Pair {
    address public token0;    // slot 0
    address public token1;    // slot 1
    uint256 public reserve0;  // slot 2
    uint256 public reserve1;  // slot 3

    event Swap(
        address indexed sender,
        uint256 amount0In,
        uint256 amount1In,
        uint256 amount0Out,
        uint256 amount1Out,
        address indexed to
    );
    event Sync(uint256 reserve0, uint256 reserve1);

    error InsufficientOutput();
    error InsufficientInput();
    error InsufficientLiquidity();
    error InvalidTo();
    error KInvariant();
    error Overflow();
    error TransferFailed();

    constructor(address _token0, address _token1) {
        token0 = _token0;
        token1 = _token1;
    }

    function getReserves() external view returns (uint256, uint256) {
        return (reserve0, reserve1);
    }

    // Output for an exact input after the 0.3% fee, as Uniswap V2's library computes it.
    function getAmountOut(uint256 amountIn, uint256 reserveIn, uint256 reserveOut)
        public
        pure
        returns (uint256)
    {
        if (amountIn == 0) revert InsufficientInput();
        if (reserveIn == 0 || reserveOut == 0) revert InsufficientLiquidity();
        uint256 amountInWithFee = amountIn * 997;
        return (amountInWithFee * reserveOut) / (reserveIn * 1000 + amountInWithFee);
    }

    // The core swap: the caller has already sent the input tokens to the pair.
    function swap(uint256 amount0Out, uint256 amount1Out, address to) external {
        _swap(amount0Out, amount1Out, to);
    }

    // One-transaction swap for workloads (the router's job in Uniswap): pulls amountIn of the
    // input token from the caller (who must have approved the pair), then swaps.
    function swapExactIn(bool zeroForOne, uint256 amountIn, uint256 minAmountOut, address to)
        external
        returns (uint256 amountOut)
    {
        if (zeroForOne) {
            amountOut = getAmountOut(amountIn, reserve0, reserve1);
            if (amountOut < minAmountOut) revert InsufficientOutput();
            _pull(token0, amountIn);
            _swap(0, amountOut, to);
        } else {
            amountOut = getAmountOut(amountIn, reserve1, reserve0);
            if (amountOut < minAmountOut) revert InsufficientOutput();
            _pull(token1, amountIn);
            _swap(amountOut, 0, to);
        }
    }

    // Makes the reserves equal the pair's token balances (after tokens were sent in directly).
    function sync() external {
        _update(IERC20(token0).balanceOf(address(this)), IERC20(token1).balanceOf(address(this)));
    }

    function _swap(uint256 amount0Out, uint256 amount1Out, address to) private {
        if (amount0Out == 0 && amount1Out == 0) revert InsufficientOutput();
        uint256 r0 = reserve0;
        uint256 r1 = reserve1;
        if (amount0Out >= r0 || amount1Out >= r1) revert InsufficientLiquidity();
        _sendOut(amount0Out, amount1Out, to);
        uint256 balance0 = IERC20(token0).balanceOf(address(this));
        uint256 balance1 = IERC20(token1).balanceOf(address(this));

        // What came in is whatever the balance holds beyond the reserve left after the output.
        uint256 amount0In = _amountIn(balance0, r0 - amount0Out);
        uint256 amount1In = _amountIn(balance1, r1 - amount1Out);
        if (amount0In == 0 && amount1In == 0) revert InsufficientInput();
        // k must not fall once the 0.3% fee is taken off each input (scaled by 1000).
        if ((balance0 * 1000 - amount0In * 3) * (balance1 * 1000 - amount1In * 3) < r0 * r1 * 1_000_000)
            revert KInvariant();

        _update(balance0, balance1);
        emit Swap(msg.sender, amount0In, amount1In, amount0Out, amount1Out, to);
    }

    function _sendOut(uint256 amount0Out, uint256 amount1Out, address to) private {
        address t0 = token0;
        address t1 = token1;
        if (to == t0 || to == t1) revert InvalidTo();
        if (amount0Out > 0) _send(t0, to, amount0Out);
        if (amount1Out > 0) _send(t1, to, amount1Out);
    }

    function _amountIn(uint256 balance, uint256 kept) private pure returns (uint256) {
        return balance > kept ? balance - kept : 0;
    }

    // Reserves are capped at 2^112 as in Uniswap V2, so the k check above cannot overflow.
    function _update(uint256 balance0, uint256 balance1) private {
        if (balance0 > type(uint112).max || balance1 > type(uint112).max) revert Overflow();
        reserve0 = balance0;
        reserve1 = balance1;
        emit Sync(balance0, balance1);
    }

    function _pull(address token, uint256 amount) private {
        if (!IERC20(token).transferFrom(msg.sender, address(this), amount)) revert TransferFailed();
    }

    function _send(address token, address to, uint256 amount) private {
        if (!IERC20(token).transfer(to, amount)) revert TransferFailed();
    }
}
