import '@mantine/core/styles.css';
import { Container, MantineProvider, Text } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { cssVariables, theme } from '../ui/theme';
import { parseLocation } from './api';
import { PublicPage } from './PublicPage';

// The listeners' page is its own small entry: no console, no session, no router.
const where = parseLocation(window.location.pathname);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariables} defaultColorScheme="auto">
      {where ? (
        <PublicPage slug={where.slug} view={where.view} />
      ) : (
        <Container py="xl">
          <Text>There is no station at this address.</Text>
        </Container>
      )}
    </MantineProvider>
  </StrictMode>,
);
