// Custom metrics: Counter, Gauge, Rate and Trend, samples with tags, and thresholds on the
// submetrics those tags select (`'api_waiting{endpoint:health}'`).
// Run: qk6 run -e BASE_URL=http://127.0.0.1:3333 examples/custom-metrics.js
import http from 'k6/http';
import { check } from 'k6';
import { Counter, Gauge, Rate, Trend } from 'k6/metrics';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:3333';

const itemsSeen = new Counter('items_seen'); // sums what you add
const listSize = new Gauge('items_list_size'); // keeps the last value (and min/max)
const fastResponses = new Rate('fast_responses'); // share of non-zero / true values
const apiWaiting = new Trend('api_waiting', true); // true: values are times in ms

export const options = {
  vus: 2,
  iterations: 6,
  thresholds: {
    items_seen: ['count>=18'], // 6 iterations × 3 seed items
    'items_seen{source:list}': ['count>=18'],
    items_list_size: ['value>=3'],
    fast_responses: ['rate>0.8'],
    api_waiting: ['p(95)<500', 'avg<300', 'max<1000'],
    'api_waiting{endpoint:health}': ['p(90)<500'],
    'api_waiting{endpoint:items}': ['med<500', 'min>=0'],
    'fast_responses{endpoint:health}': ['rate>=0.5'],
    checks: ['rate==1'],
  },
};

export default function () {
  const health = http.get(`${BASE_URL}/api/health`);
  apiWaiting.add(health.timings.waiting, { endpoint: 'health' });
  fastResponses.add(health.timings.duration < 500, { endpoint: 'health' });

  const items = http.get(`${BASE_URL}/api/items`);
  apiWaiting.add(items.timings.waiting, { endpoint: 'items' });
  fastResponses.add(items.timings.duration < 500, { endpoint: 'items' });

  const list = items.json();
  itemsSeen.add(list.length, { source: 'list' });
  listSize.add(list.length);

  check(items, { 'items listed': (r) => r.status === 200 });
}
