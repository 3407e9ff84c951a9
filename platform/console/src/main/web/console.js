// Rapport's web console: a page per task, chosen by the address's #fragment. Everything shown
// comes from the REST API with the signed-in person's rights.
import './console.css';
import { session, ApiError } from './api.js';
import { h, fill, message } from './dom.js';
import { loginPage } from './pages/login.js';
import { customersPage } from './pages/customers.js';
import { customerPage } from './pages/customer.js';
import { rulesPage } from './pages/rules.js';
import { adminPage } from './pages/admin.js';
import { pipelinePage } from './pages/pipeline.js';
import { leadsPage, leadPage } from './pages/leads.js';
import { opportunityPage } from './pages/opportunity.js';
import { campaignsPage } from './pages/campaigns.js';
import { campaignComposePage } from './pages/campaign-compose.js';
import { casesPage, casePage } from './pages/cases.js';
import { tasksPage } from './pages/tasks.js';
import { mergePage } from './pages/merge.js';
import { shortcuts } from './keys.js';

// The editor and the charts are loaded with the pages that use them.
const rulePackagePage = async (...args) => (await import('./pages/rule-package.js')).rulePackagePage(...args);
const dashboardsPage = async (...args) => (await import('./pages/dashboards.js')).dashboardsPage(...args);
const forecastPage = async (...args) => (await import('./pages/forecast.js')).forecastPage(...args);
const campaignPage = async (...args) => (await import('./pages/campaign.js')).campaignPage(...args);

// Sales is read by agents and analysts alike, as its REST resources allow; only agents change it.
const SALES = ['agent', 'analyst'];
// Cases and retention tasks alike: agents work them, analysts read them.
const DESK = ['agent', 'analyst'];

const routes = [
  { pattern: /^\/customers$/, page: customersPage, nav: 'customers' },
  { pattern: /^\/customers\/(\d+)$/, page: customerPage, nav: 'customers' },
  { pattern: /^\/merge$/, page: mergePage, nav: 'customers', role: DESK },
  { pattern: /^\/cases$/, page: casesPage, nav: 'cases', role: DESK },
  { pattern: /^\/cases\/(\d+)$/, page: casePage, nav: 'cases', role: DESK },
  { pattern: /^\/tasks$/, page: tasksPage, nav: 'tasks', role: DESK },
  { pattern: /^\/sales$/, page: pipelinePage, nav: 'sales', role: SALES },
  { pattern: /^\/sales\/leads$/, page: leadsPage, nav: 'sales', role: SALES },
  { pattern: /^\/sales\/leads\/(\d+)$/, page: leadPage, nav: 'sales', role: SALES },
  { pattern: /^\/sales\/opportunities\/(\d+)$/, page: opportunityPage, nav: 'sales', role: SALES },
  { pattern: /^\/sales\/forecast$/, page: forecastPage, nav: 'sales', role: SALES },
  { pattern: /^\/campaigns$/, page: campaignsPage, nav: 'campaigns', role: SALES },
  { pattern: /^\/campaigns\/new$/, page: campaignComposePage, nav: 'campaigns', role: 'analyst' },
  { pattern: /^\/campaigns\/(\d+)\/compose$/, page: campaignComposePage, nav: 'campaigns', role: 'analyst' },
  { pattern: /^\/campaigns\/(\d+)$/, page: campaignPage, nav: 'campaigns', role: SALES },
  { pattern: /^\/rules$/, page: rulesPage, nav: 'rules', role: 'analyst' },
  { pattern: /^\/rules\/([a-z][a-z0-9-]*)$/, page: rulePackagePage, nav: 'rules', role: 'analyst' },
  { pattern: /^\/dashboards$/, page: dashboardsPage, nav: 'dashboards', role: 'analyst' },
  { pattern: /^\/admin$/, page: adminPage, nav: 'admin', role: 'admin' }
];

const navItems = [
  ['customers', 'Customers', null],
  ['cases', 'Cases', DESK],
  ['tasks', 'Tasks', DESK],
  ['sales', 'Sales', SALES],
  ['campaigns', 'Campaigns', SALES],
  ['rules', 'Rules', 'analyst'],
  ['dashboards', 'Dashboards', 'analyst'],
  ['admin', 'Administration', 'admin']
];

const main = document.getElementById('main');
const nav = document.getElementById('nav');
let current = null;

function parse() {
  const hash = location.hash.replace(/^#/, '') || '/customers';
  const [path, search] = hash.split('?');
  return { path, params: new URLSearchParams(search || '') };
}

function renderNav(active) {
  const who = session.current;
  if (!who) {
    fill(nav);
    return;
  }
  fill(nav,
    h('ul', null, navItems.filter(([, , role]) => !role || session.hasAny(role)).map(([id, label]) =>
      h('li', null, h('a', { href: `#/${id}`, id: `nav-${id}`, class: id === active ? 'active' : null }, label)))),
    h('span', { class: 'who', id: 'signed-in-as' }, who.name),
    h('button', { type: 'button', class: 'link', id: 'sign-out', onclick: () => {
      session.signOut();
      location.hash = '#/customers';
      render();
    } }, 'Sign out'));
}

async function render() {
  if (current && current.leave) current.leave();
  current = null;
  if (!session.current) {
    renderNav(null);
    fill(main, loginPage(() => render()));
    return;
  }
  const { path, params } = parse();
  const route = routes.find(r => r.pattern.test(path));
  if (!route) {
    location.hash = '#/customers';
    return;
  }
  renderNav(route.nav);
  if (route.role && !session.hasAny(route.role)) {
    fill(main, message('error', `This page is for people with the ${[].concat(route.role).join(' or ')} role.`));
    return;
  }
  const args = path.match(route.pattern).slice(1);
  const container = h('div', { class: 'page' });
  fill(main, container);
  try {
    current = (await route.page(container, { args, params })) || null;
  } catch (error) {
    fill(container, message('error', error instanceof ApiError ? error.message : String(error)));
  }
}

window.addEventListener('hashchange', render);
shortcuts(() => !!session.current);
window.addEventListener('rapport:signed-out', render);
render();
