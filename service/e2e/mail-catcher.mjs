// A minimal stand-in for Mailpit, enough for the template's reset-password specs: an SMTP server that keeps every
// message, and the two Mailpit API calls they make (GET /api/v1/search?query=to:ADDRESS, GET /view/ID.html).
//   node mail-catcher.mjs SMTP_PORT HTTP_PORT
import http from "node:http"
import net from "node:net"

const [smtpPort, httpPort] = process.argv.slice(2).map(Number)
const messages = [] // newest last: { id, to: [addresses], html }

function decodeQuotedPrintable(text) {
  const bytes = Buffer.from(text.replace(/=\r?\n/g, "").replace(/=([0-9A-Fa-f]{2})/g,
    (_, hex) => String.fromCharCode(parseInt(hex, 16))), "latin1")
  return bytes.toString("utf8")
}

function decodePart(headers, body) {
  const encoding = (/content-transfer-encoding:\s*([\w-]+)/i.exec(headers) || [])[1]?.toLowerCase()
  if (encoding === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8")
  if (encoding === "quoted-printable") return decodeQuotedPrintable(body)
  return body
}

/** The text/html part of a MIME message (or the whole body when it is one). */
function htmlOf(raw) {
  const split = raw.indexOf("\r\n\r\n")
  const headers = raw.slice(0, split)
  const body = raw.slice(split + 4)
  const boundary = (/boundary="?([^";\r\n]+)"?/i.exec(headers) || [])[1]
  if (!boundary) return decodePart(headers, body)
  for (const part of body.split("--" + boundary)) {
    const at = part.indexOf("\r\n\r\n")
    if (at < 0) continue
    const partHeaders = part.slice(0, at)
    if (/content-type:\s*multipart\//i.test(partHeaders)) {
      const nested = htmlOf(part.replace(/^\r\n/, ""))
      if (nested) return nested
    } else if (/content-type:\s*text\/html/i.test(partHeaders)) {
      return decodePart(partHeaders, part.slice(at + 4))
    }
  }
  return ""
}

net.createServer((socket) => {
  let buffer = ""
  let inData = false
  let to = []
  const reply = (line) => socket.write(line + "\r\n")
  reply("220 cutover-e2e mail catcher")
  socket.on("data", (chunk) => {
    buffer += chunk.toString("latin1")
    while (true) {
      if (inData) {
        const end = buffer.indexOf("\r\n.\r\n")
        if (end < 0) return
        const raw = Buffer.from(buffer.slice(0, end + 2), "latin1").toString("latin1").replace(/^\.\./gm, ".")
        buffer = buffer.slice(end + 5)
        inData = false
        messages.push({ id: String(messages.length + 1), to, html: htmlOf(raw) })
        to = []
        reply("250 OK")
        continue
      }
      const eol = buffer.indexOf("\r\n")
      if (eol < 0) return
      const line = buffer.slice(0, eol)
      buffer = buffer.slice(eol + 2)
      const verb = line.slice(0, 4).toUpperCase()
      if (verb === "EHLO") reply("250-cutover-e2e\r\n250 8BITMIME")
      else if (verb === "HELO") reply("250 cutover-e2e")
      else if (verb === "RCPT") { to.push((/<([^>]*)>/.exec(line) || [])[1]); reply("250 OK") }
      else if (verb === "DATA") { inData = true; reply("354 End data with <CR><LF>.<CR><LF>") }
      else if (verb === "QUIT") { reply("221 Bye"); socket.end() }
      else reply("250 OK")
    }
  })
  socket.on("error", () => {})
}).listen(smtpPort, "127.0.0.1")

http.createServer((req, res) => {
  const url = new URL(req.url, "http://localhost")
  if (url.pathname === "/api/v1/search") {
    const address = (url.searchParams.get("query") || "").replace(/^to:/, "")
    const found = messages.filter((m) => m.to.includes(address)).reverse()
    res.setHeader("Content-Type", "application/json")
    res.end(JSON.stringify({ messages: found.slice(0, Number(url.searchParams.get("limit") || 50)).map((m) => ({ ID: m.id })) }))
    return
  }
  const view = /^\/view\/(.+)\.html$/.exec(url.pathname)
  const message = view && messages.find((m) => m.id === view[1])
  if (message) {
    res.setHeader("Content-Type", "text/html; charset=utf-8")
    res.end(message.html)
    return
  }
  res.statusCode = 404
  res.end("not found")
}).listen(httpPort, "127.0.0.1")
