import { session, ApiError } from '../api.js';
import { h, fill, message } from '../dom.js';

/** The sign-in form: a Rapport user's name and password, checked by the server. */
export function loginPage(signedIn) {
  const feedback = h('div', { id: 'login-message' });
  const name = h('input', { id: 'login-name', name: 'username', autocomplete: 'username', required: true, autofocus: true });
  const password = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const form = h('form', { class: 'login', id: 'login-form' },
    h('h1', null, 'Sign in to Rapport'),
    h('label', null, 'User name', name),
    h('label', null, 'Password', password),
    h('button', { type: 'submit', id: 'login-submit' }, 'Sign in'),
    feedback);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    fill(feedback);
    try {
      await session.signIn(name.value.trim(), password.value);
      signedIn();
    } catch (error) {
      const text = error instanceof ApiError && error.status === 401
        ? 'The user name and password are not valid.'
        : error instanceof ApiError && error.status === 403
          ? 'This user may not use the console: it needs the agent, analyst or admin role.'
          : error.message;
      fill(feedback, message('error', text));
    }
  });
  return form;
}
