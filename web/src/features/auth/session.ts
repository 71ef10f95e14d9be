import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, type Me } from '../../api.ts';

export const ME_KEY = ['me'] as const;

/** The signed-in user, or null when there is no session (a 401 is an answer here, not an error). */
export function useMe() {
  return useQuery<Me | null>({
    queryKey: ME_KEY,
    queryFn: async () => {
      try {
        return await api.me();
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 5 * 60_000,
  });
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ username, password }: { username: string; password: string }) => api.login(username, password),
    onSuccess: (r) => {
      qc.clear();
      qc.setQueryData(ME_KEY, r.user);
    },
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.logout().catch(() => undefined),
    onSettled: () => {
      qc.clear();
      qc.setQueryData(ME_KEY, null);
    },
  });
}

/** What the sign-in page needs before anyone signs in (is the demo loaded, the password length rule). */
export function useAuthConfig() {
  return useQuery({ queryKey: ['auth-config'], queryFn: () => api.authConfig(), staleTime: 10 * 60_000 });
}

export function useChangePassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ current, next }: { current: string; next: string }) => api.changePassword(current, next),
    // The forced change is done: the layout must not send the user back here while /auth/me reloads.
    onSuccess: () => {
      qc.setQueryData<Me | null>(ME_KEY, (me) => (me ? { ...me, must_change_password: false } : me));
      return qc.invalidateQueries({ queryKey: ME_KEY });
    },
  });
}

export function useLogoutAll() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.logoutAll(),
    onSuccess: () => {
      qc.clear();
      qc.setQueryData(ME_KEY, null);
    },
  });
}
