import { Button, Menu, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { logout } from '../session/session';
import { useSession } from '../session/useSession';

export function UserMenu() {
  const s = useSession();
  const navigate = useNavigate();
  const queries = useQueryClient();
  if (s.status !== 'authenticated') return null;
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          variant="subtle"
          size="compact-md"
          maw={{ base: 96, sm: 200 }}
          styles={{ label: { overflow: 'hidden', textOverflow: 'ellipsis' } }}
          aria-label={`Account: ${s.user.username}`}
        >
          {s.user.username}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="xs">Signed in as {s.user.username}</Text>
          <Text size="xs">Role: {s.user.role}</Text>
        </Menu.Label>
        <Menu.Item
          onClick={() => {
            void logout().finally(() => {
              queries.clear();
              void navigate({ to: '/login' });
            });
          }}
        >
          Log out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
