import { Button, type ButtonProps, Tooltip } from 'antd';

/**
 * A button that, when it cannot be pressed, says why — on hover, and to a screen reader — instead
 * of greying out in silence (issue 17: "disabled buttons say why"). `why` falsy: an ordinary button.
 */
export function WhyButton({ why, ...props }: ButtonProps & { why: string | null | false | undefined }) {
  const button = <Button {...props} disabled={!!why || props.disabled} aria-description={why || undefined} />;
  if (!why) return button;
  return (
    <Tooltip title={why}>
      {/* a disabled button fires no mouse events: the wrapper carries the hover */}
      <span style={{ display: 'inline-block' }} data-why={why}>
        {button}
      </span>
    </Tooltip>
  );
}
