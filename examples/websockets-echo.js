// k6/websockets, the web-standard WebSocket: two sockets open at once in every iteration, talking
// to the demo target's echo endpoint. Nothing blocks: the iteration's code returns right away and
// the VU's event loop runs the handlers and the timer until both sockets are closed.
// Run: qk6 run -e BASE_URL=http://127.0.0.1:3333 examples/websockets-echo.js
import { WebSocket } from 'k6/websockets';
import { check } from 'k6';

const WS_URL = `${(__ENV.BASE_URL || 'http://127.0.0.1:3333').replace(/^http/, 'ws')}/ws/echo`;

export const options = {
  vus: 2,
  iterations: 4,
  thresholds: {
    checks: ['rate==1'],
    ws_sessions: ['count==8'], // two sockets per iteration
    ws_msgs_received: ['count==32'], // three text echoes and one binary echo per socket
    ws_connecting: ['p(95)<1000'],
    'ws_session_duration{user:alice}': ['min>=60'], // three sends, 20 ms apart
  },
};

export default function () {
  chat('alice');
  chat('bob');
}

function chat(user) {
  const ws = new WebSocket(WS_URL, null, { tags: { user } });
  ws.binaryType = 'arraybuffer';
  const echoes = [];
  let sent = 0;
  let ticker;
  // A safety net, cleared on close: a timer left running would keep the iteration going.
  const giveUp = setTimeout(() => ws.close(), 5000);

  ws.onopen = () => {
    ticker = setInterval(() => {
      if (sent < 3) ws.send(`${user} ${++sent}`);
    }, 20);
  };
  ws.addEventListener('message', (event) => {
    if (typeof event.data === 'string') {
      echoes.push(event.data);
      if (echoes.length === 3) ws.send(new Uint8Array([1, 2, 3]));
      return;
    }
    check(event.data, { 'binary echo': (data) => new Uint8Array(data).join(',') === '1,2,3' });
    ws.close();
  });
  ws.onerror = (event) => console.error(`${user}: ${event.error}`);
  ws.onclose = (event) => {
    clearInterval(ticker);
    clearTimeout(giveUp);
    check(event, {
      'closed normally': (e) => e.code === 1000,
      'text echoes in order': () => echoes.join('|') === `${user} 1|${user} 2|${user} 3`,
    });
  };
}
