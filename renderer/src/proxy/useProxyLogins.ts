import { useEffect, useState } from 'react';
import type { ProxyLoginQuestion } from '../../../app/contract/channels';
import { call, listen } from '../api/client';

/**
 * The proxy sign-in questions the host has open, oldest first. The host pushes the whole list
 * each time it changes (`proxy-login:questions`); on mount the window also asks for it
 * (`proxy-login:pending`), since a question may have been asked before this window was loaded.
 */
export function useProxyLogins(): ProxyLoginQuestion[] {
  const [questions, setQuestions] = useState<ProxyLoginQuestion[]>([]);
  useEffect(() => {
    let pushed = false;
    let live = true;
    const stop = listen('proxy-login:questions', ({ questions: next }) => {
      pushed = true;
      setQuestions(next);
    });
    call('proxy-login:pending', {})
      .then((pending) => {
        // A push that arrived meanwhile is newer than this answer.
        if (live && !pushed) setQuestions(pending);
      })
      .catch(() => undefined);
    return () => {
      live = false;
      stop();
    };
  }, []);
  return questions;
}

/** Answers one question with credentials; the password is not kept here after the call. */
export async function answerProxyLogin(
  id: string,
  credentials: { username: string; password: string },
): Promise<void> {
  await call('proxy-login:answer', { id, answer: 'credentials', ...credentials });
}

/** Cancels one question: the requests that wait for it fail. */
export async function cancelProxyLogin(id: string): Promise<void> {
  await call('proxy-login:answer', { id, answer: 'cancel' });
}
