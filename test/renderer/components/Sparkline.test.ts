import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import Sparkline from '../../../renderer/components/Sparkline.svelte';
import { appStatus } from '../fixtures.ts';

describe('Sparkline', () => {
  it('is an inline SVG image named by what it shows', () => {
    const { container } = render(Sparkline, { props: { points: appStatus().agents[0]!.errorRate } });
    const svg = screen.getByRole('img');
    expect(svg.getAttribute('aria-label')).toBe('Error rate: 35 % of items failed (was 70 %, 4 scans)');
    expect(container.querySelector('path')?.getAttribute('d')).toMatch(/^M[\d.]+ [\d.]+ L[\d.]+ [\d.]+ M[\d.]+ [\d.]+ L[\d.]+ [\d.]+$/);
  });

  it('draws no line for an agent never scanned', () => {
    const { container } = render(Sparkline, { props: { points: [] } });
    expect(container.querySelector('path')?.getAttribute('d')).toBe('');
    expect(screen.getByRole('img').getAttribute('aria-label')).toBe('Error rate: Not scanned yet');
  });
});
