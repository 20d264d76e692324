// Drives `redislab serve` with ioredis: commands, a pipeline, a transaction and a
// subscriber that receives a published message. Prints one JSON line of results.
const Redis = require("ioredis");
const port = Number(process.argv[2]);

async function main() {
  const out = {};
  const r = new Redis({ port, host: "127.0.0.1", lazyConnect: false });
  const sub = new Redis({ port, host: "127.0.0.1" });
  out.set = await r.set("io:k", "v", "EX", 100);
  out.get = await r.get("io:k");
  out.incr = await r.incr("io:n");
  out.pipeline = await r.pipeline().set("io:a", "1").incr("io:a").get("io:a").exec();
  out.multi = await r.multi().incr("io:m").incr("io:m").exec();
  try { await r.lpush("io:k", "x"); } catch (e) { out.wrongtype = e.message; }
  const got = new Promise((resolve) => sub.on("message", (ch, msg) => resolve([ch, msg])));
  out.subscribe = await sub.subscribe("news");
  out.publish = await r.publish("news", "hello");
  out.message = await got;
  const pgot = new Promise((resolve) => sub.on("pmessage", (p, ch, msg) => resolve([p, ch, msg])));
  await sub.psubscribe("n*");
  await r.publish("nx", "hi");
  out.pmessage = await pgot;
  out.zset = await r.zadd("io:z", 1, "a", 2, "b").then(() => r.zrange("io:z", 0, -1, "WITHSCORES"));
  console.log(JSON.stringify(out));
  r.disconnect();
  sub.disconnect();
}

main().catch((e) => { console.error(e); process.exit(1); });
