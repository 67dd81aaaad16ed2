// The editor's server: every request carries the session's token in a header
// (the page got it from the server; another site cannot send it).

export class ApiError extends Error {
  constructor(message, status, data = {}) {
    super(message);
    this.status = status;
    this.stale = Boolean(data.stale);
    this.version = data.version;
  }
}

export class Api {
  constructor(token) {
    this.token = token;
  }

  async request(path, { method = "GET", body } = {}) {
    const headers = { "X-Alignkit-Token": this.token };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response;
    try {
      response = await fetch(path, {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body),
        cache: "no-store", credentials: "same-origin",
      });
    } catch (error) {
      throw new ApiError("alignkit review is not answering: was it stopped (Ctrl-C)?", 0);
    }
    return response;
  }

  async json(path, options) {
    const response = await this.request(path, options);
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new ApiError(data.error || `the server answered ${response.status}`, response.status, data);
    return data;
  }

  document() {
    return this.json("/api/doc");
  }

  status() {
    return this.json("/api/status");
  }

  operation(version, op, params = {}) {
    return this.json("/api/op", { method: "POST", body: { ...params, version, op } });
  }

  // The file as a Blob and the name the server gives it.
  async export(format) {
    const response = await this.request(`/api/export/${format}`);
    if (!response.ok) {
      const data = await response.json().catch(() => ({}));
      throw new ApiError(data.error || `the server answered ${response.status}`, response.status, data);
    }
    const disposition = response.headers.get("Content-Disposition") || "";
    const encoded = /filename\*=UTF-8''([^;]+)/.exec(disposition);
    const name = encoded ? decodeURIComponent(encoded[1]) : `alignment.${format}`;
    return { name, blob: await response.blob() };
  }
}
