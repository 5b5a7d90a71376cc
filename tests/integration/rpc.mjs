// A bare JSON-RPC 2.0 client over HTTP. The comparison reads raw responses through it, not
// through ethers' formatters, so that every field is compared exactly as the node sent it.

export class RpcError extends Error {
  constructor(method, error) {
    super(`${method}: ${error.message} (code ${error.code})`);
    this.code = error.code;
    this.data = error.data;
  }
}

export class Rpc {
  constructor(url, methodsUsed) {
    this.url = url;
    this.methodsUsed = methodsUsed;  // a Set the caller reports at the end
    this.nextId = 1;
  }

  async call(method, params = []) {
    this.methodsUsed.add(method);
    const response = await fetch(this.url, {
      method: 'POST',
      headers: {'content-type': 'application/json'},
      body: JSON.stringify({jsonrpc: '2.0', id: this.nextId++, method, params}),
    });
    const text = await response.text();
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(`${method}: HTTP ${response.status}, not JSON: ${text.slice(0, 200)}`);
    }
    if (body.error) throw new RpcError(method, body.error);
    if (!('result' in body)) throw new Error(`${method}: response has neither result nor error`);
    return body.result;
  }

  // Polls until the receipt exists: the peer mines on a timer, anvil at once.
  async waitReceipt(hash, timeoutMs = 30000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const receipt = await this.call('eth_getTransactionReceipt', [hash]);
      if (receipt) return receipt;
      if (Date.now() > deadline) throw new Error(`no receipt for ${hash} after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
